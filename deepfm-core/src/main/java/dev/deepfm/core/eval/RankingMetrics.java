package dev.deepfm.core.eval;

/**
 * The metrics of one user's ranked list, with the reference notebook's definitions. {@code ranked}
 * is the top of the ranking, best first (it may be shorter than K when there are fewer
 * candidates); {@code relevant} is the sorted set of the user's held-out items.
 *
 * <pre>
 *   Recall@K = hits / |relevant|
 *   HR@K     = 1 if hits > 0
 *   NDCG@K   = sum_{hit at rank i} 1/log2(i + 1)  /  sum_{i=1..min(|relevant|, K)} 1/log2(i + 1)
 *   MAP@K    = sum_{hit at rank i} (hits up to i) / i  /  min(|relevant|, K)
 *   MRR@K    = 1 / (rank of the first hit), 0 if none
 * </pre>
 *
 * A user with no relevant item scores 0 on every metric (as in the reference) and still counts in
 * the average.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** Writes the five metrics at {@code k} into {@code out}, indexed by {@link Metric#ordinal()}. */
  public static void compute(int[] ranked, int length, int[] relevant, int k, double[] out) {
    java.util.Arrays.fill(out, 0);
    if (relevant.length == 0) {
      return;
    }
    int n = Math.min(length, k);
    int hits = 0;
    double dcg = 0;
    double precisionSum = 0;
    double rr = 0;
    for (int i = 0; i < n; i++) {
      if (java.util.Arrays.binarySearch(relevant, ranked[i]) >= 0) {
        hits++;
        dcg += 1 / log2(i + 2);
        precisionSum += (double) hits / (i + 1);
        if (rr == 0) {
          rr = 1.0 / (i + 1);
        }
      }
    }
    double idcg = 0;
    int ideal = Math.min(relevant.length, k);
    for (int i = 0; i < ideal; i++) {
      idcg += 1 / log2(i + 2);
    }
    out[Metric.RECALL.ordinal()] = (double) hits / relevant.length;
    out[Metric.HIT_RATE.ordinal()] = hits > 0 ? 1 : 0;
    out[Metric.NDCG.ordinal()] = dcg / idcg;
    out[Metric.MAP.ordinal()] = precisionSum / ideal;
    out[Metric.MRR.ordinal()] = rr;
  }

  /**
   * The metrics at {@code k} when the user has exactly one relevant item, ranked {@code rank}
   * (1-based; anything above k is a miss): then recall = hit rate, NDCG = 1 / log2(rank + 1) and
   * MAP = MRR = 1 / rank. Equal to {@link #compute} on any list that ranks the item there.
   */
  public static void single(int rank, int k, double[] out) {
    java.util.Arrays.fill(out, 0);
    if (rank < 1 || rank > k) {
      return;
    }
    out[Metric.RECALL.ordinal()] = 1;
    out[Metric.HIT_RATE.ordinal()] = 1;
    out[Metric.NDCG.ordinal()] = 1 / log2(rank + 1);
    out[Metric.MAP.ordinal()] = 1.0 / rank;
    out[Metric.MRR.ordinal()] = 1.0 / rank;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
