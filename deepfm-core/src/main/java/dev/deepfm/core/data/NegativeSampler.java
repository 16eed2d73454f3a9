package dev.deepfm.core.data;

import dev.deepfm.core.util.Rng;

/**
 * Draws an epoch's training examples: every training positive, followed by {@code negatives}
 * items drawn uniformly from all items, redrawn while the item is one the user must not get as a
 * negative. By default ({@link Exclusion#ALL_POSITIVES}, as the reference) that is any of the user's
 * positives, validation and test items included, which leaks a little knowledge of the held-out
 * items into training; {@link Exclusion#TRAIN_POSITIVES} excludes only the training positives. The
 * arrays are reused from epoch to epoch.
 */
public final class NegativeSampler {
  /** Which of a user's items are never drawn as negatives. */
  public enum Exclusion {
    /** The user's training positives. */
    TRAIN_POSITIVES,
    /** All the user's positives, validation and test included (the reference's choice, the default). */
    ALL_POSITIVES
  }

  private final Split split;
  private final int negatives;
  private final IntCsr excluded;
  private final int[] user;
  private final int[] item;
  private final float[] label;

  /** A sampler of {@code negatives} negatives per training positive. */
  public NegativeSampler(Split split, int negatives, Exclusion exclusion) {
    if (negatives < 0) {
      throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
    }
    this.split = split;
    this.negatives = negatives;
    this.excluded = exclusion == Exclusion.ALL_POSITIVES ? split.positivesByUser() : split.trainByUser();
    if (negatives > 0) {
      for (int u = 0; u < split.users(); u++) {
        if (excluded.length(u) >= split.items() && split.trainByUser().length(u) > 0) {
          throw new IllegalArgumentException("user index " + u
              + " has a positive for every item: no negative can be drawn");
        }
      }
    }
    long n = (long) split.trainSize() * (1 + negatives);
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many examples per epoch: " + n);
    }
    user = new int[(int) n];
    item = new int[(int) n];
    label = new float[(int) n];
  }

  /** Number of examples per epoch. */
  public int size() {
    return user.length;
  }

  /**
   * Draws a fresh epoch with {@code rng}. Example {@code j (1 + negatives)} is training positive
   * {@code j}; the {@code negatives} examples after it are its negatives.
   */
  public void sample(Rng rng) {
    int items = split.items();
    int[] values = excluded.values();
    int w = 0;
    for (int j = 0; j < split.trainSize(); j++) {
      int u = split.trainUser(j);
      user[w] = u;
      item[w] = split.trainItem(j);
      label[w++] = 1f;
      int from = excluded.start(u);
      int to = excluded.end(u);
      for (int s = 0; s < negatives; s++) {
        int candidate;
        do {
          candidate = rng.nextInt(items);
        } while (java.util.Arrays.binarySearch(values, from, to, candidate) >= 0);
        user[w] = u;
        item[w] = candidate;
        label[w++] = 0f;
      }
    }
  }

  /** Users of the current epoch's examples (do not modify). */
  public int[] users() {
    return user;
  }

  /** Items of the current epoch's examples (do not modify). */
  public int[] items() {
    return item;
  }

  /** Labels of the current epoch's examples (do not modify). */
  public float[] labels() {
    return label;
  }
}
