package dev.deepfm.core.train;

import dev.deepfm.core.data.NegativeSampler.Exclusion;
import java.util.Arrays;

/**
 * How to train and evaluate. Defaults are the reference notebook's protocol; every value is
 * checked here, once.
 *
 * @param seed drives every random choice (initialisation, negatives, shuffling, dropout)
 * @param epochs most epochs to run
 * @param batchSize examples per step
 * @param learningRate Adam's step size
 * @param weightDecay L2 coefficient added to the gradient (PyTorch's coupled weight decay)
 * @param patience epochs without a better validation NDCG@10 before stopping (0: never stop early)
 * @param negatives negatives drawn per training positive, each epoch
 * @param exclusion which of a user's items are never negatives
 * @param adamMode dense (PyTorch's behaviour) or lazy embedding updates
 * @param threads threads for training and evaluation
 * @param ks cut-offs of the test metrics
 * @param maskValidationAtTest hide each user's validation item when ranking for the test
 * @param idMaskRate probability of hiding a user or item id during training, for cold start
 *     (0: off; the id fields then need an out-of-vocabulary row, see the dataset options)
 */
public record TrainConfig(long seed, int epochs, int batchSize, double learningRate,
    double weightDecay, int patience, int negatives, Exclusion exclusion, AdamMode adamMode,
    int threads, int[] ks, boolean maskValidationAtTest, double idMaskRate) {

  /** Validation uses this cut-off for early stopping and the per-epoch line. */
  public static final int VALIDATION_K = 10;

  /** Checks every value. */
  public TrainConfig {
    ks = ks.clone();
    Arrays.sort(ks);
    check(epochs >= 1 && epochs <= 100_000, "epochs must be in [1, 100000], got " + epochs);
    check(batchSize >= 1 && batchSize <= 1 << 20, "batch size must be in [1, 1048576], got " + batchSize);
    check(learningRate > 0 && learningRate < 10, "learning rate must be in (0, 10), got " + learningRate);
    check(weightDecay >= 0 && weightDecay < 1, "weight decay must be in [0, 1), got " + weightDecay);
    check(patience >= 0, "patience must be >= 0, got " + patience);
    check(negatives >= 1 && negatives <= 1000, "negatives must be in [1, 1000], got " + negatives);
    check(threads >= 1 && threads <= 256, "threads must be in [1, 256], got " + threads);
    check(ks.length > 0 && ks[0] >= 1 && ks[ks.length - 1] <= 10_000, "cut-offs must be in [1, 10000]");
    check(idMaskRate >= 0 && idMaskRate < 1, "id mask rate must be in [0, 1), got " + idMaskRate);
    java.util.Objects.requireNonNull(exclusion, "exclusion");
    java.util.Objects.requireNonNull(adamMode, "adamMode");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The reference protocol, seed 2025, on all available processors. */
  public static TrainConfig defaults() {
    return new TrainConfig(2025, 20, 256, 1e-3, 1e-5, 5, 4, Exclusion.ALL_POSITIVES,
        AdamMode.DENSE, Runtime.getRuntime().availableProcessors(), new int[] {5, 10, 20}, false, 0);
  }

  /** A copy with another seed. */
  public TrainConfig withSeed(long s) {
    return new TrainConfig(s, epochs, batchSize, learningRate, weightDecay, patience, negatives,
        exclusion, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another epoch limit. */
  public TrainConfig withEpochs(int e) {
    return new TrainConfig(seed, e, batchSize, learningRate, weightDecay, patience, negatives,
        exclusion, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another batch size. */
  public TrainConfig withBatchSize(int b) {
    return new TrainConfig(seed, epochs, b, learningRate, weightDecay, patience, negatives,
        exclusion, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another learning rate. */
  public TrainConfig withLearningRate(double lr) {
    return new TrainConfig(seed, epochs, batchSize, lr, weightDecay, patience, negatives,
        exclusion, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another weight decay. */
  public TrainConfig withWeightDecay(double wd) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, wd, patience, negatives,
        exclusion, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another patience. */
  public TrainConfig withPatience(int p) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, p, negatives,
        exclusion, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another number of negatives. */
  public TrainConfig withNegatives(int n) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, patience, n,
        exclusion, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another negative exclusion rule. */
  public TrainConfig withExclusion(Exclusion x) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, patience, negatives,
        x, adamMode, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another Adam mode. */
  public TrainConfig withAdamMode(AdamMode m) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, patience, negatives,
        exclusion, m, threads, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with another thread count. */
  public TrainConfig withThreads(int t) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, patience, negatives,
        exclusion, adamMode, t, ks, maskValidationAtTest, idMaskRate);
  }

  /** A copy with other test cut-offs. */
  public TrainConfig withKs(int... k) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, patience, negatives,
        exclusion, adamMode, threads, k, maskValidationAtTest, idMaskRate);
  }

  /** A copy that does or does not hide validation items at test time. */
  public TrainConfig withMaskValidationAtTest(boolean m) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, patience, negatives,
        exclusion, adamMode, threads, ks, m, idMaskRate);
  }

  /** A copy with another id masking rate. */
  public TrainConfig withIdMaskRate(double r) {
    return new TrainConfig(seed, epochs, batchSize, learningRate, weightDecay, patience, negatives,
        exclusion, adamMode, threads, ks, maskValidationAtTest, r);
  }

  @Override
  public int[] ks() {
    return ks.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainConfig c && c.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "TrainConfig[seed=" + seed + ", epochs=" + epochs + ", batchSize=" + batchSize
        + ", learningRate=" + learningRate + ", weightDecay=" + weightDecay + ", patience=" + patience
        + ", negatives=" + negatives + ", exclusion=" + exclusion + ", adamMode=" + adamMode
        + ", threads=" + threads + ", ks=" + Arrays.toString(ks) + ", maskValidationAtTest="
        + maskValidationAtTest + ", idMaskRate=" + idMaskRate + "]";
  }
}
