package dev.deepfm.core.train;

/** Receives progress from a {@link Trainer}; every method has an empty default. */
public interface TrainingListener {
  /** No-op listener. */
  TrainingListener NONE = new TrainingListener() {};

  /** An epoch is about to run {@code steps} steps. */
  default void epochStarted(int epoch, int steps) {}

  /** Step {@code step} (1-based) of the epoch is done. */
  default void stepFinished(int epoch, int step, int steps) {}

  /** An epoch, including its validation, is done. */
  default void epochFinished(EpochRecord record) {}

  /** Training ended; the test evaluation starts. */
  default void testStarted(int bestEpoch) {}
}
