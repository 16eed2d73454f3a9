package dev.deepfm.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.model.Scorer;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.WorkerPool;
import org.junit.jupiter.api.Test;

/**
 * Full ranking with a scorer whose scores are all equal, so the documented tie rule alone decides
 * the order (lower item index first), and every user's rank can be counted by hand.
 */
class RankingEvaluatorTest {
  private static final Scorer CONSTANT = () -> (users, u, items, n, out) -> java.util.Arrays.fill(out, 0, n, 1f);

  /** 1-based rank of {@code target} among the items not hidden, ordered by index. */
  private static int rank(Split s, int u, int target, int hide) {
    int r = 1;
    for (int i = 0; i < target; i++) {
      if (!s.trainByUser().contains(u, i) && i != hide) {
        r++;
      }
    }
    return r;
  }

  private static void check(RecData d, RankingEvaluator.Target target, boolean mask, int threads) {
    try (WorkerPool pool = new WorkerPool(threads)) {
      MetricTable t = new RankingEvaluator(d, pool).evaluate(CONSTANT, target, new int[] {20, 5}, mask);
      Split s = d.split();
      int[] users = s.evalUsers();
      for (int k : new int[] {5, 20}) {
        double hr = 0;
        double ndcg = 0;
        for (int u : users) {
          int item = target == RankingEvaluator.Target.TEST ? s.testItem(u) : s.valItem(u);
          int hide = target == RankingEvaluator.Target.TEST && mask ? s.valItem(u) : -1;
          int r = rank(s, u, item, hide);
          if (r <= k) {
            hr++;
            ndcg += 1 / (Math.log(r + 1) / Math.log(2));
          }
        }
        assertThat(t.get(k, Metric.HIT_RATE)).isCloseTo(hr / users.length, within(1e-12));
        assertThat(t.get(k, Metric.RECALL)).isCloseTo(hr / users.length, within(1e-12));
        assertThat(t.get(k, Metric.NDCG)).isCloseTo(ndcg / users.length, within(1e-12));
      }
      assertThat(t.users()).isEqualTo(users.length);
      assertThat(t.ks()).containsExactly(5, 20);
    }
  }

  @Test
  void earlyStoppingAndBoundedTopKGiveExactlyTheExhaustiveMetrics() {
    RecData d = TinyData.create(12, 40, 70, 15, TinyData.Fields.MIXED);
    var trained = new dev.deepfm.core.train.Trainer(dev.deepfm.core.model.ModelConfig.deepFm().withEmbedDim(8).withHidden(16, 8),
        dev.deepfm.core.train.TrainConfig.defaults().withEpochs(3).withBatchSize(64).withThreads(2).withSeed(4))
        .fit(d, dev.deepfm.core.train.TrainingListener.NONE);
    Scorer[] scorers = {trained.model().scorer(d.items()), CONSTANT, new dev.deepfm.core.model.Popularity(d.split())};
    try (WorkerPool pool = new WorkerPool(2)) {
      RankingEvaluator ev = new RankingEvaluator(d, pool);
      for (Scorer s : scorers) {
        for (RankingEvaluator.Target t : RankingEvaluator.Target.values()) {
          for (int[] ks : new int[][] {{1, 3}, {5, 10, 20}, {50}}) {
            boolean mask = t == RankingEvaluator.Target.TEST;
            MetricTable all = ev.evaluateExhaustive(s, t, ks, mask);
            assertThat(ev.evaluate(s, t, ks, mask)).isEqualTo(all);
            assertThat(ev.evaluateFull(s, t, ks, mask)).isEqualTo(all);
          }
        }
      }
    }
  }

  @Test
  void singleRelevantMetricsMatchTheGeneralDefinitions() {
    double[] a = new double[Metric.values().length];
    double[] b = new double[Metric.values().length];
    int[] ranked = {10, 11, 12, 13, 14, 15, 16};
    for (int rank = 1; rank <= 7; rank++) {
      for (int k : new int[] {1, 3, 5, 7, 9}) {
        RankingMetrics.compute(ranked, ranked.length, new int[] {ranked[rank - 1]}, k, a);
        RankingMetrics.single(rank, k, b);
        assertThat(b).containsExactly(a);
      }
    }
  }

  @Test
  void countsRanksByHandUnderTies() {
    RecData d = TinyData.create(7, 25, 40, 12, TinyData.Fields.CATEGORICAL);
    check(d, RankingEvaluator.Target.VALIDATION, false, 1);
    check(d, RankingEvaluator.Target.TEST, false, 2);
    check(d, RankingEvaluator.Target.TEST, true, 3);
  }
}
