package dev.deepfm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.eval.MetricTable;
import dev.deepfm.core.eval.RankingEvaluator;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.util.WorkerPool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepfm evaluate}: tests a model file on the data it was trained on. The dataset is
 * rebuilt with the options recorded in the file (genre encoding; cold start when the schema has
 * out-of-vocabulary fields), its split fingerprint must equal the recorded one, and the test
 * metrics are computed with the recorded cut-offs and validation masking. On the same data they
 * equal the metrics recorded at training time: a model file round-trips.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Test a model file on the data it was trained on (the split must match) and print the metrics.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file.")
  Path model;

  @Option(names = "--data", paramLabel = "DIR",
      description = "MovieLens 100K folder. Default: the downloaded copy in the cache (as for train).")
  Path data;

  @Option(names = "--threads", paramLabel = "N", description = "Threads. Default: all processors.")
  Integer threads;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
  Path json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelBundle bundle = ModelFile.read(model);
    JsonNode prov = Json.MAPPER.valueToTree(bundle.provenance());
    String fingerprint = prov.path("data").path("fingerprint").asText("");
    if (fingerprint.isEmpty()) {
      throw new IllegalArgumentException(model + ": no data fingerprint recorded (not a model written by deepfm train)");
    }
    JsonNode train = prov.path("config").path("train");
    int[] ks = TrainConfig.defaults().ks();
    if (train.path("ks").isArray() && train.path("ks").size() > 0) {
      ks = new int[train.path("ks").size()];
      for (int i = 0; i < ks.length; i++) {
        ks[i] = train.path("ks").get(i).asInt();
      }
    }
    boolean maskValidation = train.path("mask_validation_at_test").asBoolean(false);
    boolean coldStart = bundle.model().schema().fields().stream().anyMatch(Field::oov);
    DataOptions options = new DataOptions();
    options.data = data;
    options.genres = prov.path("config").path("data").path("genres").asText("fields");
    options.coldStart = coldStart;
    RecData d = options.load(out, false);
    if (!d.split().fingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException("the data does not match the model: split " + d.split().fingerprint()
          + ", but the model was trained on split " + fingerprint);
    }
    if (!d.schema().equals(bundle.model().schema())) {
      throw new IllegalArgumentException("the data's fields do not match the model's");
    }
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    MetricTable test;
    try (WorkerPool pool = new WorkerPool(t)) {
      test = new RankingEvaluator(d, pool).evaluate(bundle.model().scorer(d.items()), RankingEvaluator.Target.TEST,
          ks, maskValidation);
    }
    JsonNode recorded = prov.path("test");
    boolean identical = Json.MAPPER.valueToTree(test.toMap()).equals(recorded);
    out.printf(Locale.ROOT, "%s: %,d users, %,d items, split %s (matches the model)%n", d.name(), d.userCount(),
        d.itemCount(), fingerprint);
    out.printf(Locale.ROOT, "Test (%d users%s):%n", test.users(), maskValidation ? ", validation items hidden" : "");
    out.print(test.format());
    out.println(recorded.isMissingNode() ? "No test metrics recorded in the model file."
        : identical ? "Identical to the test metrics recorded at training time."
        : "Different from the test metrics recorded at training time.");
    out.flush();
    if (json != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", model.toString());
      m.put("fingerprint", fingerprint);
      m.put("test", test.toMap());
      m.put("identical_to_recorded", identical);
      Json.MAPPER.writeValue(json.toFile(), m);
    }
    return 0;
  }
}
