package dev.deepfm.core.model;

import dev.deepfm.core.data.Split;

/**
 * The popularity baseline: every user gets the items with the most training positives (ties by
 * item index, as in every ranking here). Nothing is learnt by gradient; it is the floor any learnt
 * model must clear.
 */
public final class Popularity implements Scorer {
  private final float[] counts;

  /** Counts each item's training positives. */
  public Popularity(Split split) {
    counts = new float[split.items()];
    for (int j = 0; j < split.trainSize(); j++) {
      counts[split.trainItem(j)]++;
    }
  }

  /** Training positives of item {@code i}. */
  public float count(int i) {
    return counts[i];
  }

  @Override
  public Context newContext() {
    return (users, u, items, n, out) -> {
      for (int j = 0; j < n; j++) {
        out[j] = counts[items[j]];
      }
    };
  }
}
