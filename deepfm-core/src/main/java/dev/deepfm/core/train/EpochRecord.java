package dev.deepfm.core.train;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param loss mean training BCE per example
 * @param valNdcg validation NDCG@10
 * @param valHitRate validation HR@10
 * @param sampleSeconds time to draw negatives and shuffle
 * @param trainSeconds time of the training steps
 * @param evalSeconds time of the validation ranking
 * @param examples training examples seen
 */
public record EpochRecord(int epoch, double loss, double valNdcg, double valHitRate,
    double sampleSeconds, double trainSeconds, double evalSeconds, int examples) {

  /** Training throughput in examples per second. */
  public double examplesPerSecond() {
    return trainSeconds > 0 ? examples / trainSeconds : 0;
  }
}
