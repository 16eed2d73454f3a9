package dev.deepfm.core.eval;

import dev.deepfm.core.data.IntCsr;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.model.Scorer;
import dev.deepfm.core.util.WorkerPool;
import java.util.Arrays;

/**
 * Full-ranking evaluation: for every evaluated user, scores every item except the user's training
 * items (and, if asked, the validation item when testing), takes the top K by the order of
 * {@link TopK}, and averages {@link RankingMetrics} over users, in user order. Users are split
 * across the pool's threads; the result does not depend on the split.
 */
public final class RankingEvaluator {
  /** Which held-out item is relevant. */
  public enum Target {
    /** Each user's second-to-last positive. */
    VALIDATION,
    /** Each user's last positive. */
    TEST
  }

  private final RecData data;
  private final WorkerPool pool;
  private final int[] users;

  /** An evaluator over the data's evaluated users. */
  public RankingEvaluator(RecData data, WorkerPool pool) {
    this.data = data;
    this.pool = pool;
    this.users = data.split().evalUsers();
  }

  /**
   * Evaluates {@code scorer} at the cut-offs {@code ks}.
   *
   * @param maskValidation at {@link Target#TEST}, also hide each user's validation item
   */
  public MetricTable evaluate(Scorer scorer, Target target, int[] ks, boolean maskValidation) {
    int[] sorted = ks.clone();
    Arrays.sort(sorted);
    if (sorted.length == 0 || sorted[0] < 1) {
      throw new IllegalArgumentException("cut-offs must be >= 1: " + Arrays.toString(ks));
    }
    int kMax = sorted[sorted.length - 1];
    int metrics = Metric.values().length;
    double[][] perUser = new double[users.length][sorted.length * metrics];
    Split split = data.split();
    IntCsr train = split.trainByUser();
    int[] trainItems = train.values();
    int items = data.itemCount();
    pool.forRange(users.length, (from, to) -> {
      Scorer.Context ctx = scorer.newContext();
      int[] candidates = new int[items];
      float[] scores = new float[items];
      TopK top = new TopK(kMax);
      int[] ranked = new int[kMax];
      int[] relevant = new int[1];
      double[] m = new double[metrics];
      for (int x = from; x < to; x++) {
        int u = users[x];
        int hide = target == Target.TEST && maskValidation ? split.valItem(u) : -1;
        relevant[0] = target == Target.TEST ? split.testItem(u) : split.valItem(u);
        int n = 0;
        int t = train.start(u);
        int tEnd = train.end(u);
        for (int i = 0; i < items; i++) {
          while (t < tEnd && trainItems[t] < i) {
            t++;
          }
          if ((t < tEnd && trainItems[t] == i) || i == hide) {
            continue;
          }
          candidates[n++] = i;
        }
        ctx.score(data.users(), u, candidates, n, scores);
        int len = top.select(candidates, scores, n, ranked);
        for (int c = 0; c < sorted.length; c++) {
          RankingMetrics.compute(ranked, len, relevant, sorted[c], m);
          System.arraycopy(m, 0, perUser[x], c * metrics, metrics);
        }
      }
    });
    double[][] mean = new double[sorted.length][metrics];
    for (double[] row : perUser) {
      for (int c = 0; c < sorted.length; c++) {
        for (int j = 0; j < metrics; j++) {
          mean[c][j] += row[c * metrics + j];
        }
      }
    }
    for (double[] row : mean) {
      for (int j = 0; j < metrics; j++) {
        row[j] /= Math.max(1, users.length);
      }
    }
    return new MetricTable(sorted, mean, users.length);
  }
}
