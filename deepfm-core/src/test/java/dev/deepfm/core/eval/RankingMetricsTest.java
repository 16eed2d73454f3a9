package dev.deepfm.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Metric values worked out by hand. */
class RankingMetricsTest {
  private static final double LOG2_3 = Math.log(3) / Math.log(2);
  private static final double LOG2_5 = Math.log(5) / Math.log(2);

  private static double[] at(int[] ranked, int[] relevant, int k) {
    double[] out = new double[Metric.values().length];
    RankingMetrics.compute(ranked, ranked.length, relevant, k, out);
    return out;
  }

  private static void expect(double[] m, double recall, double hr, double ndcg, double map, double mrr) {
    assertThat(m[Metric.RECALL.ordinal()]).as("recall").isCloseTo(recall, within(1e-12));
    assertThat(m[Metric.HIT_RATE.ordinal()]).as("hit rate").isCloseTo(hr, within(1e-12));
    assertThat(m[Metric.NDCG.ordinal()]).as("ndcg").isCloseTo(ndcg, within(1e-12));
    assertThat(m[Metric.MAP.ordinal()]).as("map").isCloseTo(map, within(1e-12));
    assertThat(m[Metric.MRR.ordinal()]).as("mrr").isCloseTo(mrr, within(1e-12));
  }

  @Test
  void twoRelevantOneFoundInTopThree() {
    // ranked 5, 3, 9, 1; relevant {1, 3}: a hit at rank 2 only
    double[] m = at(new int[] {5, 3, 9, 1}, new int[] {1, 3}, 3);
    // DCG = 1/log2(3); ideal over min(2, 3) = 2 hits: 1 + 1/log2(3); AP = (1/2) / 2
    expect(m, 0.5, 1, (1 / LOG2_3) / (1 + 1 / LOG2_3), 0.25, 0.5);
  }

  @Test
  void twoRelevantBothFoundInTopFour() {
    double[] m = at(new int[] {5, 3, 9, 1}, new int[] {1, 3}, 4);
    // hits at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); AP = (1/2 + 2/4) / 2
    expect(m, 1, 1, (1 / LOG2_3 + 1 / LOG2_5) / (1 + 1 / LOG2_3), 0.5, 0.5);
  }

  @Test
  void moreRelevantItemsThanK() {
    // |relevant| = 4 > K = 2: ideal DCG and AP normalise by min(4, 2) = 2, recall by 4
    double[] m = at(new int[] {1, 9, 2}, new int[] {1, 2, 3, 4}, 2);
    expect(m, 0.25, 1, 1 / (1 + 1 / LOG2_3), 0.5, 1);
  }

  @Test
  void kLargerThanTheList() {
    // only two candidates, K = 5: the hit at rank 2 counts as usual
    double[] m = at(new int[] {7, 8}, new int[] {8}, 5);
    expect(m, 1, 1, 1 / LOG2_3, 0.5, 0.5);
  }

  @Test
  void missBeyondK() {
    double[] m = at(new int[] {4, 5, 6}, new int[] {6}, 2);
    expect(m, 0, 0, 0, 0, 0);
  }

  @Test
  void userWithoutRelevantItemsScoresZero() {
    double[] m = at(new int[] {1, 2, 3}, new int[0], 3);
    expect(m, 0, 0, 0, 0, 0);
  }

  @Test
  void singleHeldOutItemMakesRecallEqualHitRateAndMapEqualMrr() {
    for (int rank = 1; rank <= 6; rank++) {
      int[] ranked = {10, 11, 12, 13, 14, 15};
      double[] m = at(ranked, new int[] {ranked[rank - 1]}, 5);
      assertThat(m[Metric.RECALL.ordinal()]).isEqualTo(m[Metric.HIT_RATE.ordinal()]);
      assertThat(m[Metric.MAP.ordinal()]).isEqualTo(m[Metric.MRR.ordinal()]);
      assertThat(m[Metric.NDCG.ordinal()]).isCloseTo(rank <= 5 ? 1 / (Math.log(rank + 1) / Math.log(2)) : 0, within(1e-12));
    }
  }
}
