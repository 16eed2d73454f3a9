package dev.deepfm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.testing.Batches;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.WorkerPool;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast network (factorized first layer, SIMD kernels, threads) against the plain layered one:
 * same loss and gradients up to float rounding (different summation order), and bit-identical
 * results whatever the thread count.
 */
class FastNetworkTest {

  private static void assertClose(String what, float[] expected, float[] actual, double tol) {
    double maxAbs = 0;
    for (float v : expected) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol * (maxAbs + 1e-12) + 1e-7));
    }
  }

  @ParameterizedTest
  @CsvSource({
      "DEEPFM,CATEGORICAL,5,1", "DEEPFM,CATEGORICAL,77,2", "DEEPFM,MIXED,130,3",
      "DEEPFM,MIXED,64,2", "FM,MIXED,77,2", "DEEP,MIXED,77,3", "LR,MIXED,33,2", "DEEPFM,CATEGORICAL,256,2"})
  void fastEqualsPlain(ModelType type, TinyData.Fields kind, int batchSize, int threads) {
    RecData d = TinyData.create(21, 40, 60, 12, kind);
    ModelConfig cfg = new ModelConfig(type, 6, List.of(19, 11, 7), 0.2f, false);
    Network plain = Networks.create(cfg, d.schema(), Kernels.plain(), new WorkerPool(1));
    try (WorkerPool pool = new WorkerPool(threads)) {
      Network fast = Networks.create(cfg.withFast(true), d.schema(), Kernels.best(), pool);
      float[] p = new float[plain.layout().size()];
      plain.initialize(p, 5);
      for (int i = 0; i < p.length; i++) {
        p[i] *= 10;
      }
      Batch batch = Batches.random(d, batchSize, 9);
      float[] g1 = new float[p.length];
      float[] g2 = new float[p.length];
      double l1 = plain.trainStep(batch, p, g1, 77);
      double l2 = fast.trainStep(batch, p, g2, 77);
      assertThat(l2).isCloseTo(l1, org.assertj.core.data.Offset.offset(1e-4 * Math.abs(l1)));
      for (var s : plain.layout().slices()) {
        assertClose(s.name(), java.util.Arrays.copyOfRange(g1, s.offset(), s.offset() + s.size()),
            java.util.Arrays.copyOfRange(g2, s.offset(), s.offset() + s.size()), 2e-4);
      }
      float[] z1 = new float[batchSize];
      float[] z2 = new float[batchSize];
      plain.predict(batch, p, z1);
      fast.predict(batch, p, z2);
      assertClose("logits", z1, z2, 1e-5);
    }
  }

  /**
   * Base rows (one-hot batches) give the direct sums' loss, gradients and logits to float rounding,
   * not bit for bit: the same batch with its one-hot flag cleared takes the direct path.
   */
  @ParameterizedTest
  @CsvSource({"DEEPFM,200,2", "DEEPFM,1,1", "DEEPFM,37,3", "FM,120,2", "DEEP,64,1", "LR,90,2"})
  void baseRowsEqualTheDirectSums(ModelType type, int batchSize, int threads) {
    RecData d = TinyData.create(41, 40, 30, 12, TinyData.Fields.CATEGORICAL);
    ModelConfig cfg = new ModelConfig(type, 8, List.of(24, 16, 8), 0.2f, true);
    try (WorkerPool pool = new WorkerPool(threads)) {
      Network fast = Networks.create(cfg, d.schema(), Kernels.best(), pool);
      float[] p = new float[fast.layout().size()];
      fast.initialize(p, 3);
      for (int i = 0; i < p.length; i++) {
        p[i] *= 10;
      }
      Batch batch = Batches.random(d, batchSize, 8);
      assertThat(batch.oneHot).isTrue();
      float[] gBased = new float[p.length];
      double lBased = fast.trainStep(batch, p, gBased, 5);
      assertThat(((FastDeepFm) fast).usedBases()).isTrue();
      float[] zBased = new float[batchSize];
      fast.predict(batch, p, zBased);
      batch.oneHot = false;
      float[] gDirect = new float[p.length];
      double lDirect = fast.trainStep(batch, p, gDirect, 5);
      assertThat(((FastDeepFm) fast).usedBases()).isFalse();
      float[] zDirect = new float[batchSize];
      fast.predict(batch, p, zDirect);
      assertThat(lBased).isCloseTo(lDirect, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(lDirect)));
      for (var s : fast.layout().slices()) {
        assertClose(s.name(), java.util.Arrays.copyOfRange(gDirect, s.offset(), s.offset() + s.size()),
            java.util.Arrays.copyOfRange(gBased, s.offset(), s.offset() + s.size()), 1e-5);
      }
      assertClose("logits", zDirect, zBased, 1e-5);
    }
  }

  @ParameterizedTest
  @CsvSource({"CATEGORICAL,200", "MIXED,131"})
  void threadCountDoesNotChangeAnyBit(TinyData.Fields kind, int batchSize) {
    RecData d = TinyData.create(31, 50, 70, 12, kind);
    ModelConfig cfg = new ModelConfig(ModelType.DEEPFM, 8, List.of(24, 16, 8), 0.2f, true);
    float[] reference = null;
    for (int threads : new int[] {1, 2, 3, 4}) {
      try (WorkerPool pool = new WorkerPool(threads)) {
        Network fast = Networks.create(cfg, d.schema(), Kernels.best(), pool);
        float[] p = new float[fast.layout().size()];
        fast.initialize(p, 5);
        Batch batch = Batches.random(d, batchSize, 4);
        float[] g = new float[p.length];
        fast.trainStep(batch, p, g, 99);
        if (reference == null) {
          reference = g;
        } else {
          assertThat(g).as("threads = %d", threads).containsExactly(reference);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"DEEPFM,CATEGORICAL", "DEEPFM,MIXED", "FM,MIXED", "DEEP,MIXED", "LR,CATEGORICAL", "NEUMF,MIXED"})
  void splitScorerEqualsFullForward(ModelType type, TinyData.Fields kind) {
    RecData d = TinyData.create(41, 30, 45, 10, kind);
    ModelConfig cfg = new ModelConfig(type, 8, type == ModelType.NEUMF ? List.of(22, 9, 5) : List.of(21, 9), 0.2f, false);
    Network plain = Networks.create(cfg, d.schema(), Kernels.plain(), new WorkerPool(1));
    Network fast = Networks.create(cfg.withFast(true), d.schema(), Kernels.best(), new WorkerPool(1));
    float[] p = new float[plain.layout().size()];
    plain.initialize(p, 8);
    for (int i = 0; i < p.length; i++) {
      p[i] *= 10;
    }
    int[] items = java.util.stream.IntStream.range(0, d.itemCount()).map(i -> d.itemCount() - 1 - i).toArray();
    float[] expected = new float[items.length];
    float[] actual = new float[items.length];
    Scorer.Context slow = plain.scorer(p, d.users(), d.items()).newContext();
    Scorer.Context quick = fast.scorer(p, d.users(), d.items()).newContext();
    for (int u : new int[] {0, 7, 29}) {
      slow.score(d.users(), u, items, items.length, expected);
      quick.score(d.users(), u, items, items.length, actual);
      assertClose("scores of user " + u, expected, actual, 1e-5);
    }
  }
}
