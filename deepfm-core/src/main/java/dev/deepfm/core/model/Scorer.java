package dev.deepfm.core.model;

import dev.deepfm.core.data.FeatureTable;

/**
 * Scores (user, item) pairs for ranking. A scorer is immutable and shareable across threads; each
 * thread scores through its own {@link Context}, which owns the scratch memory.
 */
public interface Scorer {

  /** A new context for one thread. */
  Context newContext();

  /** Thread-confined scoring. */
  interface Context {
    /**
     * Scores user {@code u} of {@code users} (any table with the schema's user fields, so a new
     * user can be scored from a one-row table) against {@code items[0..n)} into {@code out[0..n)}.
     * Higher means more likely.
     */
    void score(FeatureTable users, int u, int[] items, int n, float[] out);

    /**
     * The best {@code k} of the distinct items {@code items[0..n)} for user {@code u} (k being
     * {@code top}'s size), in {@link TopK}'s order: written best first to {@code outItems}, with
     * their scores (NaN read as negative infinity) to {@code outScores} if it is not null; returns
     * how many. The result is that of scoring every candidate and selecting; a scorer may skip
     * candidates it can prove to rank below the k-th, as {@link SplitScorer} does.
     */
    default int best(FeatureTable users, int u, int[] items, int n, TopK top, int[] outItems,
        float[] outScores) {
      float[] scores = new float[n];
      score(users, u, items, n, scores);
      top.clear();
      for (int j = 0; j < n; j++) {
        top.offer(items[j], scores[j]);
      }
      return top.drain(outItems, outScores);
    }
  }
}
