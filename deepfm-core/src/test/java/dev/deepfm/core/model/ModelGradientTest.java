package dev.deepfm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.testing.Batches;
import dev.deepfm.core.testing.FiniteDiff;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.WorkerPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole plain network's gradient against finite differences of its mean loss. */
class ModelGradientTest {

  @ParameterizedTest
  @CsvSource({"DEEPFM,CATEGORICAL", "DEEPFM,MIXED", "FM,MIXED", "DEEP,MIXED", "LR,MIXED", "NEUMF,MIXED", "NEUMF,CATEGORICAL"})
  void plainNetworkGradient(ModelType type, TinyData.Fields kind) {
    RecData d = TinyData.create(11, 7, 10, 6, kind);
    java.util.List<Integer> hidden = type == ModelType.NEUMF ? java.util.List.of(8, 6, 5) : java.util.List.of(9, 5);
    ModelConfig cfg = new ModelConfig(type, 4, hidden, 0.25f, false);
    Network net = Networks.create(cfg, d.schema(), Kernels.plain(), new WorkerPool(1));
    float[] p = new float[net.layout().size()];
    net.initialize(p, 3);
    // larger embeddings than the defaults so that the FM and first-order terms matter in the loss
    for (ParamLayout.Slice s : net.layout().slices()) {
      if (s.sparseRows()) {
        for (int i = s.offset(); i < s.offset() + s.size(); i++) {
          p[i] *= 30;
        }
      }
    }
    Batch batch = Batches.random(d, 6, 8);
    long seed = 1234;
    float[] g = new float[p.length];
    net.trainStep(batch, p, g, seed);
    float[] scratch = new float[p.length];
    java.util.function.DoubleSupplier loss = () -> net.trainStep(batch, p, scratch, seed) / batch.size;
    int checked = 0;
    for (ParamLayout.Slice s : net.layout().slices()) {
      FiniteDiff.checkPiecewise(s.name(), loss, p, g, s.offset(), s.offset() + s.size(), 1e-3f, 1e-4, 1e-2, 0.05);
      checked += s.size();
    }
    assertThat(checked).isEqualTo(p.length);
    double norm = 0;
    for (float v : g) {
      norm += v * v;
    }
    assertThat(norm).as("gradient is not trivially zero").isGreaterThan(1e-6);
  }
}
