package dev.deepfm.core.eval;

import dev.deepfm.core.data.IntCsr;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.model.Scorer;
import dev.deepfm.core.model.TopK;
import dev.deepfm.core.util.WorkerPool;
import java.util.Arrays;

/**
 * Full-ranking evaluation: for every evaluated user, ranks every item except the user's training
 * items (and, if asked, the validation item when testing) by the order of {@link TopK}, and
 * averages {@link RankingMetrics} over users, in user order. Users are split across the pool's
 * threads; the result does not depend on the split.
 *
 * <p>With one held-out item per user (leave-one-out), every metric at K depends only on that
 * item's rank when it is at most K. {@link #evaluate} therefore scores the held-out item first and
 * then the other candidates in blocks, counting those that rank before it, and stops as soon as K
 * of them do: the result is exactly that of scoring everything ({@link #evaluateExhaustive}, which
 * tests hold it to), for a fraction of the work when the item ranks low. {@link #evaluateFull}
 * ranks each user's top K with {@link Scorer.Context#best}, which may skip items proven to rank
 * below the K-th, and works for any number of relevant items.
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
   * Evaluates {@code scorer} at the cut-offs {@code ks}, stopping each user's ranking as soon as
   * the held-out item is known to be below the largest cut-off.
   *
   * @param maskValidation at {@link Target#TEST}, also hide each user's validation item
   */
  public MetricTable evaluate(Scorer scorer, Target target, int[] ks, boolean maskValidation) {
    return run(scorer, target, ks, maskValidation, Mode.EARLY);
  }

  /** The same metrics as {@link #evaluate}, from each user's whole top K ({@link Scorer.Context#best}). */
  public MetricTable evaluateFull(Scorer scorer, Target target, int[] ks, boolean maskValidation) {
    return run(scorer, target, ks, maskValidation, Mode.TOP_K);
  }

  /** The same metrics as {@link #evaluateFull}, scoring every candidate of every user, then selecting. */
  public MetricTable evaluateExhaustive(Scorer scorer, Target target, int[] ks, boolean maskValidation) {
    return run(scorer, target, ks, maskValidation, Mode.EXHAUSTIVE);
  }

  private enum Mode { EARLY, TOP_K, EXHAUSTIVE }

  private static final int BLOCK = 64;

  private MetricTable run(Scorer scorer, Target target, int[] ks, boolean maskValidation, Mode mode) {
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
      int[] block = new int[BLOCK];
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
        if (mode == Mode.EARLY) {
          int rank = rankOf(ctx, u, relevant[0], candidates, n, scores, block, kMax);
          for (int c = 0; c < sorted.length; c++) {
            RankingMetrics.single(rank, sorted[c], m);
            System.arraycopy(m, 0, perUser[x], c * metrics, metrics);
          }
          continue;
        }
        int len;
        if (mode == Mode.TOP_K) {
          len = ctx.best(data.users(), u, candidates, n, top, ranked, null);
        } else {
          ctx.score(data.users(), u, candidates, n, scores);
          len = top.select(candidates, scores, n, ranked);
        }
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

  /**
   * The 1-based rank of {@code target} among {@code candidates[0..n)} under the {@link TopK} order,
   * or {@code kMax + 1} once {@code kMax} candidates are known to rank before it.
   */
  private int rankOf(Scorer.Context ctx, int u, int target, int[] candidates, int n, float[] scores,
      int[] block, int kMax) {
    block[0] = target;
    ctx.score(data.users(), u, block, 1, scores);
    float best = scores[0] != scores[0] ? Float.NEGATIVE_INFINITY : scores[0];
    int before = 0;
    for (int from = 0; from < n; from += BLOCK) {
      int m = Math.min(BLOCK, n - from);
      System.arraycopy(candidates, from, block, 0, m);
      ctx.score(data.users(), u, block, m, scores);
      for (int j = 0; j < m; j++) {
        int item = candidates[from + j];
        if (item == target) {
          continue;
        }
        float v = scores[j] != scores[j] ? Float.NEGATIVE_INFINITY : scores[j];
        if (TopK.before(v, item, best, target)) {
          before++;
        }
      }
      if (before >= kMax) {
        return kMax + 1;
      }
    }
    return before + 1;
  }
}
