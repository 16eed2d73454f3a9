package dev.deepfm.cli;

import dev.deepfm.cli.chart.TrainingChart;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.io.RunRecord;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainResult;
import dev.deepfm.core.train.Trainer;
import dev.deepfm.core.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deepfm train}: loads the data, trains, tests, and writes the run folder: metrics.json,
 * history.csv, model.deepfm and training.png.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train a model on MovieLens 100K, test it, and write a run folder.")
final class TrainCommand implements Callable<Integer> {
  @Mixin
  DataOptions data;

  @Mixin
  TrainOptions train;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Run folder to create. Default: runs/<date>-<time>-<model>-seed<seed>.")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Option(names = {"-q", "--quiet"}, description = "Print only the test table.")
  boolean quiet;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    PrintWriter stdout = spec.commandLine().getOut();
    ModelConfig modelConfig = train.modelConfig();
    TrainConfig config = train.trainConfig(data.coldStart);
    data.options();
    Path target = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-" + modelConfig.type().id() + "-seed" + config.seed());
    try (RunFolder folder = RunFolder.open(target, force)) {
      RecData d = data.load(stdout, quiet);
      if (!quiet) {
        stdout.printf(Locale.ROOT, "%s: %,d users, %,d items, %,d training positives, %d fields (split %s)%n",
            d.name(), d.userCount(), d.itemCount(), d.split().trainSize(), d.schema().size(), d.split().fingerprint());
        stdout.printf(Locale.ROOT, "%s, seed %d, %d thread%s, %s engine%n", modelConfig.type().id(), config.seed(),
            config.threads(), config.threads() == 1 ? "" : "s", modelConfig.fast() ? "fast" : "plain");
      }
      TrainingListener listener = quiet ? TrainingListener.NONE : new ConsoleProgress(stdout, config.epochs(), "");
      TrainResult result = new Trainer(modelConfig, config).fit(d, listener);
      if (!quiet) {
        stdout.printf(Locale.ROOT, "%nBest epoch %d of %d (val NDCG@10 %.4f). Test:%n", result.bestEpoch(),
            result.epochsRun(), result.bestValidationNdcg());
      }
      stdout.print(result.test().format());
      stdout.flush();
      Map<String, Object> record = RunRecord.of(result, d, modelConfig, config, data.describe());
      @SuppressWarnings("unchecked")
      Map<String, Object> timings = (Map<String, Object>) record.get("timings");
      timings.put("wall_s", (System.nanoTime() - t0) / 1e9);
      Json.MAPPER.writeValue(folder.file("metrics.json").toFile(), record);
      folder.writeText("history.csv", RunRecord.historyCsv(result.history()));
      ModelFile.write(ModelBundle.of(result.model(), d, RunRecord.provenance(record)), folder.file("model.deepfm"));
      TrainingChart.write(result.history(), folder.file("training.png"));
      folder.commit();
      if (!quiet) {
        stdout.printf(Locale.ROOT, "%nWrote %s (metrics.json, history.csv, model.deepfm, training.png) in %.1f s%n",
            target, (System.nanoTime() - t0) / 1e9);
      }
      stdout.flush();
    }
    return 0;
  }
}
