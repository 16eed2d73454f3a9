package dev.deepfm.cli;

import dev.deepfm.cli.chart.ComparisonChart;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.eval.Metric;
import dev.deepfm.core.eval.ModelComparison;
import dev.deepfm.core.eval.ModelComparison.Candidate;
import dev.deepfm.core.eval.ModelComparison.Run;
import dev.deepfm.core.eval.Stats;
import dev.deepfm.core.io.RunRecord;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.util.Version;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deepfm compare}: trains the chosen models over several seeds on the same split and prints
 * the reference's comparison layout (NeuMF against DeepFM) and a table of every model, with means
 * and standard deviations over seeds; writes comparison.json, runs.csv and comparison.png.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train several models over several seeds on the same split and compare them.")
final class CompareCommand implements Callable<Integer> {
  @Mixin
  DataOptions data;

  @Mixin
  TrainOptions train;

  @Option(names = "--models", split = ",", paramLabel = "M,M,...",
      defaultValue = "neumf,deepfm,fm,deep,lr,deepfm-ids,popularity",
      description = "Models: neumf, deepfm, fm, deep, lr, deepfm-ids (DeepFM on user and item ids only), popularity. Default: ${DEFAULT-VALUE}.")
  List<String> models;

  @Option(names = "--seeds", split = ",", paramLabel = "S,S,...", defaultValue = "1,2,3,4,5",
      description = "Seeds; every model is trained once per seed. Default: ${DEFAULT-VALUE}.")
  List<Long> seeds;

  @Option(names = "--parallel", paramLabel = "N",
      description = "Trainings run side by side (each with threads/N threads). Default: 2 when there are at least 2 processors.")
  Integer parallel;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/<date>-<time>-compare.")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    PrintWriter stdout = spec.commandLine().getOut();
    if (train.seed != null) {
      throw new Main.UsageException("compare takes --seeds, not --seed");
    }
    if (!train.model.equals("deepfm")) {
      throw new Main.UsageException("compare takes --models, not --model");
    }
    if (seeds.isEmpty()) {
      throw new Main.UsageException("--seeds needs at least one seed");
    }
    ModelConfig deepFm = train.modelConfig();
    TrainConfig config = train.trainConfig(data.coldStart);
    List<Candidate> all = ModelComparison.standard(deepFm, List.of("user_id", "item_id"));
    List<Candidate> chosen = new ArrayList<>();
    for (String m : models) {
      Candidate c = all.stream().filter(x -> x.name().equals(m.trim().toLowerCase(Locale.ROOT))).findFirst()
          .orElseThrow(() -> new Main.UsageException("unknown model '" + m + "' (expected "
              + String.join(", ", all.stream().map(Candidate::name).toList()) + ")"));
      if (chosen.stream().noneMatch(x -> x.name().equals(c.name()))) {
        chosen.add(c);
      }
    }
    int par = parallel != null ? parallel : Math.min(2, config.threads());
    if (par < 1 || par > 64) {
      throw new Main.UsageException("--parallel must be in 1..64, got " + par);
    }
    Path target = out != null ? out : Path.of("runs",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-compare");
    long[] seedArray = seeds.stream().mapToLong(Long::longValue).toArray();
    try (RunFolder folder = RunFolder.open(target, force)) {
      RecData d = data.load(stdout, false);
      int trainings = (int) chosen.stream().filter(c -> !c.name().equals("popularity")).count() * seedArray.length
          + (chosen.stream().anyMatch(c -> c.name().equals("popularity")) ? 1 : 0);
      stdout.printf(Locale.ROOT, "%s: %,d users, %,d items, %,d training positives (split %s)%n", d.name(),
          d.userCount(), d.itemCount(), d.split().trainSize(), d.split().fingerprint());
      stdout.printf(Locale.ROOT, "%d trainings (%s x seeds %s), %d at a time%n", trainings,
          String.join(", ", chosen.stream().map(Candidate::name).toList()), seeds, par);
      stdout.flush();
      List<Run> runs = ModelComparison.run(d, chosen, seedArray, config, par, (r, done, total) -> {
        stdout.printf(Locale.ROOT, "  [%2d/%d] %-11s seed %-3d HR@10 %.4f NDCG@10 %.4f (best epoch %d, %.1f s)%n",
            done, total, r.name(), r.seed(), r.test().get(10, Metric.HIT_RATE), r.test().get(10, Metric.NDCG),
            r.bestEpoch(), r.seconds());
        stdout.flush();
      });
      List<String> names = chosen.stream().map(Candidate::name).toList();
      stdout.println();
      stdout.print(formatReference(runs, names, seedArray, d));
      stdout.println();
      stdout.print(formatAll(runs, names, config.ks()));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("seeds", seeds);
      json.put("data", RunRecord.data(d));
      Map<String, Object> cfg = new LinkedHashMap<>();
      cfg.put("train", RunRecord.train(config));
      cfg.put("data", data.describe());
      cfg.put("parallel", par);
      json.put("config", cfg);
      Map<String, Object> byModel = new LinkedHashMap<>();
      for (Candidate c : chosen) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", RunRecord.model(c.config()));
        m.put("fields", c.fields().isEmpty() ? "all" : c.fields());
        List<Map<String, Object>> rs = new ArrayList<>();
        for (Run r : runs) {
          if (r.name().equals(c.name())) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("seed", r.seed());
            x.put("test", r.test().toMap());
            x.put("best_epoch", r.bestEpoch());
            x.put("seconds", r.seconds());
            rs.add(x);
          }
        }
        m.put("runs", rs);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (int k : config.ks()) {
          Map<String, Object> atK = new LinkedHashMap<>();
          for (Metric metric : Metric.values()) {
            Stats s = ModelComparison.stats(runs, c.name(), k, metric);
            atK.put(metric.key(), Map.of("mean", s.mean(), "sd", s.sd(), "min", s.min(), "max", s.max(), "n", s.n()));
          }
          summary.put(Integer.toString(k), atK);
        }
        m.put("summary", summary);
        byModel.put(c.name(), m);
      }
      json.put("models", byModel);
      Map<String, Object> env = new LinkedHashMap<>(Version.environment());
      env.put("wall_s", (System.nanoTime() - t0) / 1e9);
      json.put("environment", env);
      Json.MAPPER.writeValue(folder.file("comparison.json").toFile(), json);
      StringBuilder csv = new StringBuilder("model,seed,best_epoch,seconds");
      for (int k : config.ks()) {
        for (Metric metric : Metric.values()) {
          csv.append(',').append(metric.key()).append('@').append(k);
        }
      }
      csv.append('\n');
      for (Run r : runs) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.2f", r.name(), r.seed(), r.bestEpoch(), r.seconds()));
        for (int k : config.ks()) {
          for (Metric metric : Metric.values()) {
            csv.append(String.format(Locale.ROOT, ",%.6f", r.test().get(k, metric)));
          }
        }
        csv.append('\n');
      }
      folder.writeText("runs.csv", csv.toString());
      ComparisonChart.write(runs, names, 10, folder.file("comparison.png"));
      folder.commit();
      stdout.printf(Locale.ROOT, "%nWrote %s (comparison.json, runs.csv, comparison.png) in %.1f s%n", target,
          (System.nanoTime() - t0) / 1e9);
      stdout.flush();
    }
    return 0;
  }

  private static String pm(Stats s) {
    return s.n() > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.sd()) : String.format(Locale.ROOT, "%.4f", s.mean());
  }

  /** The reference notebook's layout: NeuMF against DeepFM at K = 5, 10, 20. */
  static String formatReference(List<Run> runs, List<String> names, long[] seeds, RecData d) {
    if (!names.contains("neumf") || !names.contains("deepfm")) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Model comparison (test set), mean ± sd over %d seed%s%n", seeds.length, seeds.length == 1 ? "" : "s"));
    sb.append("=".repeat(78)).append('\n');
    sb.append("NeuMF: user_id + item_id (2 fields)\n");
    sb.append(String.format(Locale.ROOT, "DeepFM: %s (%d fields)%n",
        String.join(" + ", d.schema().fields().stream().map(f -> f.name()).limit(5).toList()) + (d.schema().size() > 5 ? " + ..." : ""),
        d.schema().size()));
    sb.append("=".repeat(78)).append('\n');
    for (int k : new int[] {5, 10, 20}) {
      sb.append(String.format(Locale.ROOT, "%n@K = %d:%n", k));
      sb.append(String.format(Locale.ROOT, "  %-10s %18s %18s %10s %10s%n", "Metric", "NeuMF", "DeepFM", "Diff", "% Change"));
      sb.append("  ").append("-".repeat(70)).append('\n');
      for (Metric m : new Metric[] {Metric.RECALL, Metric.NDCG, Metric.MAP}) {
        Stats a = ModelComparison.stats(runs, "neumf", k, m);
        Stats b = ModelComparison.stats(runs, "deepfm", k, m);
        double diff = b.mean() - a.mean();
        double pct = a.mean() != 0 ? diff / a.mean() * 100 : 0;
        String label = switch (m) {
          case RECALL -> "Recall@K";
          case NDCG -> "NDCG@K";
          default -> "MAP@K";
        };
        sb.append(String.format(Locale.ROOT, "  %-10s %18s %18s %+10.4f %+9.1f%%%n", label, pm(a), pm(b), diff, pct));
      }
    }
    return sb.toString();
  }

  /** Every model, every metric at every K, mean ± sd. */
  static String formatAll(List<Run> runs, List<String> names, int[] ks) {
    StringBuilder sb = new StringBuilder("All models (test set, mean ± sd over seeds; popularity has no seed)\n");
    sb.append(String.format(Locale.ROOT, "  %-11s", "model"));
    for (int k : ks) {
      sb.append(String.format(Locale.ROOT, " %17s %17s", "HR@" + k, "NDCG@" + k));
    }
    sb.append(String.format(Locale.ROOT, " %17s%n", "MAP@10"));
    for (String n : names) {
      sb.append(String.format(Locale.ROOT, "  %-11s", n));
      for (int k : ks) {
        sb.append(String.format(Locale.ROOT, " %17s %17s", pm(ModelComparison.stats(runs, n, k, Metric.HIT_RATE)),
            pm(ModelComparison.stats(runs, n, k, Metric.NDCG))));
      }
      sb.append(String.format(Locale.ROOT, " %17s%n", pm(ModelComparison.stats(runs, n, 10, Metric.MAP))));
    }
    return sb.toString();
  }
}
