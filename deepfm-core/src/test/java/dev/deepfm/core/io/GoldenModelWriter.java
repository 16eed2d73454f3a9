package dev.deepfm.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.serve.Recommendation;
import dev.deepfm.core.serve.Recommender;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainResult;
import dev.deepfm.core.train.Trainer;
import dev.deepfm.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden model file {@code golden/tiny-v1.deepfm} and its expected answers
 * {@code golden/tiny-v1-scores.json}, which {@link ModelFileTest} checks against every later
 * version of the code.
 *
 * <p><b>Run once, by hand, and never again for format version 1</b>: the point of the golden file is
 * that it was written by the first version, so a later version that cannot read it, or reads it
 * into different scores, fails the test. A new format version gets a new golden file beside this
 * one ({@code tiny-v2...}); this one stays. Not a test (no {@code @Test}); run it with
 * {@code java --add-modules=jdk.incubator.vector -cp <test classpath> dev.deepfm.core.io.GoldenModelWriter
 * deepfm-core/src/test/resources/golden}.
 */
public final class GoldenModelWriter {
  /** Pairs scored in the golden answers: (user index, item index). */
  static final int[][] PAIRS = {{0, 0}, {0, 7}, {1, 3}, {2, 19}, {3, 11}, {5, 5}, {8, 30}, {13, 2}, {17, 24},
      {21, 9}, {25, 38}, {29, 16}};

  private GoldenModelWriter() {}

  /** The data the golden model is trained on. */
  static RecData data() {
    return TinyData.create(2025, 30, 40, 8, TinyData.Fields.MIXED);
  }

  /** Writes the two files into {@code args[0]} (default: deepfm-core/src/test/resources/golden). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "deepfm-core/src/test/resources/golden");
    RecData d = data();
    TrainConfig config = TrainConfig.defaults().withSeed(7).withEpochs(4).withThreads(1).withPatience(0)
        .withLearningRate(0.01);
    ModelConfig model = ModelConfig.deepFm().withEmbedDim(8).withHidden(16, 8);
    TrainResult r = new Trainer(model, config).fit(d, TrainingListener.NONE);
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("note", "golden model file of format version 1; never regenerate");
    provenance.put("seed", 7);
    provenance.put("best_epoch", r.bestEpoch());
    provenance.put("data", Map.of("name", d.name(), "fingerprint", d.split().fingerprint()));
    provenance.put("test", r.test().toMap());
    Path file = dir.resolve("tiny-v1.deepfm");
    ModelFile.write(ModelBundle.of(r.model(), d, provenance), file);

    Recommender rec = Recommender.load(file);
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (int[] p : PAIRS) {
      users.add(d.userIds().id(p[0]));
      items.add(d.itemIds().id(p[1]));
    }
    float[] scores = rec.score(users, items);
    List<Map<String, Object>> pairs = new ArrayList<>();
    for (int j = 0; j < scores.length; j++) {
      Map<String, Object> pair = new LinkedHashMap<>();
      pair.put("user", users.get(j));
      pair.put("item", items.get(j));
      pair.put("score", scores[j]);
      pairs.add(pair);
    }
    // two users whose top 6 scores are well apart, so that kernels that round differently agree on the order
    Map<String, List<String>> top5 = new LinkedHashMap<>();
    for (int u = 0; u < d.userCount() && top5.size() < 2; u++) {
      List<Recommendation> top = rec.recommend(d.userIds().id(u), 6);
      boolean clear = true;
      for (int i = 1; i < top.size(); i++) {
        clear &= top.get(i - 1).score() - top.get(i).score() > 1e-3f;
      }
      if (clear) {
        top5.put(d.userIds().id(u), top.subList(0, 5).stream().map(Recommendation::itemId).toList());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model_file", "tiny-v1.deepfm");
    out.put("format_version", ModelFile.FORMAT_VERSION);
    out.put("pairs", pairs);
    out.put("top5", top5);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("tiny-v1-scores.json").toFile(), out);
    System.out.println("wrote " + file + " and " + dir.resolve("tiny-v1-scores.json"));
  }
}
