package dev.deepfm.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, counted in log-linear buckets (128 per power of two, so a percentile
 * is off by less than 0.8%), lock-free and of fixed size whatever the number of requests. The
 * maximum and the sum are exact.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 7;
  private static final int SUB = 1 << SUB_BITS;
  /** Up to 2^40 us (about 12 days). */
  private static final int MAX_EXP = 40;

  private final AtomicLongArray counts = new AtomicLongArray(SUB + (MAX_EXP - SUB_BITS + 1) * SUB);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong sum = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  /** Records one latency. */
  void record(long nanos) {
    long us = Math.max(0, nanos / 1000);
    counts.incrementAndGet(index(us));
    count.incrementAndGet();
    sum.addAndGet(us);
    max.accumulateAndGet(us, Math::max);
  }

  static int index(long us) {
    if (us < SUB) {
      return (int) us;
    }
    int e = Math.min(MAX_EXP, 63 - Long.numberOfLeadingZeros(us));
    long v = Math.min(us, (1L << (MAX_EXP + 1)) - 1);
    int sub = (int) ((v >>> (e - SUB_BITS)) - SUB);
    return SUB + (e - SUB_BITS) * SUB + sub;
  }

  /** The largest value a bucket holds. */
  static long upper(int index) {
    if (index < SUB) {
      return index;
    }
    int e = (index - SUB) / SUB + SUB_BITS;
    int sub = (index - SUB) % SUB;
    return ((long) (SUB + sub + 1) << (e - SUB_BITS)) - 1;
  }

  long count() {
    return count.get();
  }

  /** The {@code p}-quantile (0 < p <= 1) in milliseconds; 0 when empty. */
  double percentileMillis(double p) {
    long n = count.get();
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p * n));
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upper(i), max.get()) / 1000.0;
      }
    }
    return max.get() / 1000.0;
  }

  double maxMillis() {
    return max.get() / 1000.0;
  }

  double meanMillis() {
    long n = count.get();
    return n == 0 ? 0 : sum.get() / 1000.0 / n;
  }
}
