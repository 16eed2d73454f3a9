package dev.deepfm.cli;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.eval.ColdStartStudy;
import dev.deepfm.core.eval.Metric;
import dev.deepfm.core.eval.MetricTable;
import dev.deepfm.core.io.RunRecord;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deepfm cold-start}: holds out a share of users and items entirely, trains with ids hidden
 * at random, and measures recommendations for the new users (demographics only) and new items
 * (genres only) against popularity baselines.
 */
@Command(name = "cold-start", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure recommendations for users and items never seen in training.")
final class ColdStartCommand implements Callable<Integer> {
  @Mixin
  DataOptions data;

  @Mixin
  TrainOptions train;

  @Option(names = "--user-share", paramLabel = "X", defaultValue = "0.1",
      description = "Share of evaluated users held out entirely. Default: ${DEFAULT-VALUE}.")
  double userShare;

  @Option(names = "--item-share", paramLabel = "X", defaultValue = "0.1",
      description = "Share of items held out entirely. Default: ${DEFAULT-VALUE}.")
  double itemShare;

  @Option(names = "--holdout-seed", paramLabel = "N", defaultValue = "7",
      description = "Seed of the choice of held-out users and items. Default: ${DEFAULT-VALUE}.")
  long holdoutSeed;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the figures as JSON here.")
  Path out;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    data.coldStart = true;
    ModelConfig model = train.modelConfig();
    TrainConfig config = train.trainConfig(true);
    ColdStartStudy.Options options = new ColdStartStudy.Options(userShare, itemShare, holdoutSeed);
    RecData d = data.load(stdout, false);
    stdout.printf(Locale.ROOT, "Holding out %.0f%% of users and %.0f%% of items entirely (seed %d); training %s with ids hidden at rate %s...%n",
        userShare * 100, itemShare * 100, holdoutSeed, model.type().id(), config.idMaskRate());
    stdout.flush();
    ColdStartStudy.Result r = ColdStartStudy.run(d, model, config, options,
        new ConsoleProgress(stdout, config.epochs(), ""));
    stdout.printf(Locale.ROOT, "%nNew users: %d, described by demographics alone, each ranking every known item "
        + "(relevant: all their positives on known items)%n", r.newUsers());
    stdout.print(table(new String[] {model.type().id(), "popularity"}, new MetricTable[] {r.modelUsers(), r.popularityUsers()}));
    if (r.modelItems() != null) {
      stdout.printf(Locale.ROOT, "%nNew items: %d, described by genres alone; %d known users rank them "
          + "(relevant: their positives among the new items)%n", r.newItems(), r.itemEvalUsers());
      stdout.print(table(new String[] {model.type().id(), "genre popularity", "random (expected)"},
          new MetricTable[] {r.modelItems(), r.genrePopularityItems(), r.randomItems()}));
    }
    if (out != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("config", Map.of("model", RunRecord.model(model), "train", RunRecord.train(config),
          "user_share", userShare, "item_share", itemShare, "holdout_seed", holdoutSeed));
      m.put("data", RunRecord.data(d));
      m.put("new_users", Map.of("count", r.newUsers(), "model", r.modelUsers().toMap(), "popularity", r.popularityUsers().toMap()));
      if (r.modelItems() != null) {
        m.put("new_items", Map.of("count", r.newItems(), "eval_users", r.itemEvalUsers(), "model", r.modelItems().toMap(),
            "genre_popularity", r.genrePopularityItems().toMap(), "random_expected", r.randomItems().toMap()));
      }
      m.put("best_epoch", r.training().bestEpoch());
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      Json.MAPPER.writeValue(tmp.toFile(), m);
      java.nio.file.Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      stdout.println("\nWrote " + out);
    }
    stdout.flush();
    return 0;
  }

  private static String table(String[] names, MetricTable[] tables) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-18s", ""));
    int[] ks = tables[0].ks();
    for (int k : ks) {
      sb.append(String.format(Locale.ROOT, " %8s %8s", "HR@" + k, "NDCG@" + k));
    }
    sb.append(String.format(Locale.ROOT, " %9s %8s%n", "Recall@10", "MRR@10"));
    for (int i = 0; i < names.length; i++) {
      sb.append(String.format(Locale.ROOT, "  %-18s", names[i]));
      for (int k : ks) {
        sb.append(String.format(Locale.ROOT, " %8.4f %8.4f", tables[i].get(k, Metric.HIT_RATE), tables[i].get(k, Metric.NDCG)));
      }
      sb.append(String.format(Locale.ROOT, " %9.4f %8.4f%n", tables[i].get(10, Metric.RECALL), tables[i].get(10, Metric.MRR)));
    }
    return sb.toString();
  }
}
