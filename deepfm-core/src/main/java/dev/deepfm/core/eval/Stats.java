package dev.deepfm.core.eval;

import java.util.Arrays;

/**
 * Summary of a metric over runs (seeds): mean, sample standard deviation (n - 1), min, max.
 *
 * @param n number of runs
 * @param mean arithmetic mean
 * @param sd sample standard deviation (0 for a single run)
 * @param min smallest value
 * @param max largest value
 */
public record Stats(int n, double mean, double sd, double min, double max) {

  /** The statistics of the given values (at least one). */
  public static Stats of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double mean = Arrays.stream(values).sum() / values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
    return new Stats(values.length, mean, sd, Arrays.stream(values).min().getAsDouble(),
        Arrays.stream(values).max().getAsDouble());
  }

  /** The median of the given values. */
  public static double median(double... values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
