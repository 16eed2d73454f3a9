package dev.deepfm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.Trainer;
import dev.deepfm.core.train.TrainingListener;
import dev.deepfm.core.util.Rng;
import dev.deepfm.core.util.WorkerPool;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Scorer.Context#best} of the split scorer, which skips items whose interval bound proves
 * them out of the top k, against scoring every candidate and selecting: the same items in the
 * same order with the same scores, bit for bit.
 */
class BoundedRankingTest {

  /** Scores every candidate, then selects: the definition {@code best} must reproduce. */
  private static int exhaustive(Scorer.Context ctx, RecData d, int u, int[] items, int n, int k,
      int[] outItems, float[] outScores) {
    float[] s = new float[n];
    ctx.score(d.users(), u, items, n, s);
    TopK top = new TopK(k);
    for (int j = 0; j < n; j++) {
      top.offer(items[j], s[j]);
    }
    return top.drain(outItems, outScores);
  }

  /** Checks every user against several candidate lists and k; returns the share of candidates scored. */
  private static double check(RecData d, Scorer scorer, long seed) {
    Scorer.Context ctx = scorer.newContext();
    Scorer.Context ref = scorer.newContext();
    Rng rng = new Rng(seed);
    int items = d.itemCount();
    long scored = 0;
    long offered = 0;
    for (int u = 0; u < d.userCount(); u++) {
      int[] all = IntStream.range(0, items).toArray();
      int[] reversed = IntStream.range(0, items).map(i -> items - 1 - i).toArray();
      int[] some = IntStream.range(0, items).filter(i -> rng.nextInt(3) > 0).toArray();
      for (int[] cand : List.of(all, reversed, some)) {
        for (int k : new int[] {1, 3, 10, 20, items + 5}) {
          int[] expItems = new int[k];
          float[] expScores = new float[k];
          int[] gotItems = new int[k];
          float[] gotScores = new float[k];
          int e = exhaustive(ref, d, u, cand, cand.length, k, expItems, expScores);
          int g = ctx.best(d.users(), u, cand, cand.length, new TopK(k), gotItems, gotScores);
          String what = "user " + u + ", k " + k + ", " + cand.length + " candidates";
          assertThat(g).as(what).isEqualTo(e);
          assertThat(Arrays.copyOf(gotItems, g)).as(what).containsExactly(Arrays.copyOf(expItems, e));
          for (int j = 0; j < g; j++) {
            assertThat(Float.floatToRawIntBits(gotScores[j])).as(what + ", rank " + (j + 1))
                .isEqualTo(Float.floatToRawIntBits(expScores[j]));
          }
          if (k == 10 && ctx instanceof SplitScorer.SplitContext split) {
            scored += split.lastScored;
            offered += cand.length;
          }
        }
      }
    }
    return offered == 0 ? 1 : scored / (double) offered;
  }

  @ParameterizedTest
  @EnumSource(TinyData.Fields.class)
  void trainedModelGivesTheExhaustiveTopKWhileScoringFewerItems(TinyData.Fields kind) {
    RecData d = TinyData.create(17, 60, 300, 25, kind);
    TrainedModel m = new Trainer(ModelConfig.deepFm().withEmbedDim(8).withHidden(24, 12, 6),
        TrainConfig.defaults().withEpochs(4).withBatchSize(64).withThreads(1).withSeed(3))
        .fit(d, TrainingListener.NONE).model();
    double share = check(d, m.scorer(d.items()), 5);
    // the bounds must actually prune on a trained model (a regression to scoring all would pass the rest)
    assertThat(share).isLessThan(0.9);
  }

  @ParameterizedTest
  @EnumSource(value = ModelType.class, names = "POPULARITY", mode = EnumSource.Mode.EXCLUDE)
  void randomModelsOfEveryTypeGiveTheExhaustiveTopK(ModelType type) {
    RecData d = TinyData.create(23, 12, 97, 10, TinyData.Fields.MIXED);
    ModelConfig cfg = new ModelConfig(type, 8, type == ModelType.NEUMF ? List.of(22, 9, 5) : List.of(21, 9), 0.2f, true);
    Network net = Networks.create(cfg, d.schema(), Kernels.best(), new WorkerPool(1));
    float[] p = new float[net.layout().size()];
    net.initialize(p, 8);
    for (int i = 0; i < p.length; i++) {
      p[i] *= 10;
    }
    check(d, net.scorer(p, d.users(), d.items()), 9);
  }

  @Test
  void equalScoresRankTheLowerItemFirst() {
    RecData d = TinyData.create(29, 5, 70, 10, TinyData.Fields.CATEGORICAL);
    Network net = Networks.create(ModelConfig.deepFm().withEmbedDim(4).withHidden(8, 4), d.schema(),
        Kernels.best(), new WorkerPool(1));
    // all-zero parameters: every item scores the same
    check(d, net.scorer(new float[net.layout().size()], d.users(), d.items()), 1);
  }

  @Test
  void nanScoresRankLastAsInTheExhaustiveOrder() {
    RecData d = TinyData.create(31, 6, 80, 10, TinyData.Fields.CATEGORICAL);
    ModelConfig cfg = ModelConfig.deepFm().withEmbedDim(4).withHidden(8, 4);
    Network net = Networks.create(cfg, d.schema(), Kernels.best(), new WorkerPool(1));
    float[] p = new float[net.layout().size()];
    net.initialize(p, 2);
    // poison the first-order weight of a few items' id rows: their scores become NaN
    int fo = net.layout().slice("first_order").offset() + d.schema().offset(d.schema().indexOf("item_id"));
    for (int i : new int[] {3, 40, 41}) {
      p[fo + i] = Float.NaN;
    }
    check(d, net.scorer(p, d.users(), d.items()), 4);
  }
}
