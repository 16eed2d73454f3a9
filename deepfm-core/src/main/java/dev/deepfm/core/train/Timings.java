package dev.deepfm.core.train;

/**
 * Where a training run's time went, in seconds.
 *
 * @param totalSeconds the whole {@link Trainer#fit} call
 * @param setupSeconds building the network, sampler and evaluator
 * @param sampleSeconds drawing negatives and shuffling, all epochs
 * @param trainSeconds training steps, all epochs
 * @param validationSeconds validation rankings, all epochs
 * @param testSeconds the test ranking
 */
public record Timings(double totalSeconds, double setupSeconds, double sampleSeconds,
    double trainSeconds, double validationSeconds, double testSeconds) {}
