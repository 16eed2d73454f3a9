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
  }
}
