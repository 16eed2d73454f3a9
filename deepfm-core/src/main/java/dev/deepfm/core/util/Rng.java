package dev.deepfm.core.util;

import java.nio.charset.StandardCharsets;

/**
 * The project's one random number generator: SplitMix64 (Steele, Lea and Flood 2014), pinned here
 * so that a seed means the same stream on every JVM and version.
 *
 * <p>Every random choice in a run derives from the run's single seed through {@link #derive}: a
 * named, indexed sub-stream ("sampler", epoch 3) whose state is a hash of the parent seed, the name
 * and the indices. Sub-streams are independent of the order in which they are created, so adding a
 * new random choice somewhere never shifts the numbers drawn elsewhere.
 *
 * <p>Not thread-safe: give each thread its own derived stream.
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  /** A stream starting from the given seed. */
  public Rng(long seed) {
    this.state = seed;
  }

  /** The sub-stream of {@code seed} for a name and indices: independent of every other name. */
  public static Rng derive(long seed, String name, long... indices) {
    return new Rng(deriveSeed(seed, name, indices));
  }

  /** The seed {@link #derive} would start from. */
  public static long deriveSeed(long seed, String name, long... indices) {
    long h = mix64(seed ^ 0x5DEECE66DL);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = mix64(h ^ (b & 0xFF));
    }
    for (long index : indices) {
      h = mix64(h + GOLDEN ^ index);
    }
    return h;
  }

  /** The SplitMix64 finaliser: a bijective 64-bit hash with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A bijective 32-bit hash with good avalanche (Wellons' lowbias32: xor-shifts and two odd
   * multipliers). It uses only 32-bit multiplies, which vector units have (a 64-bit lane multiply
   * has no AVX2 instruction), so SIMD code can hash eight counters at once.
   */
  public static int hash32(int x) {
    x ^= x >>> 16;
    x *= 0x7FEB352D;
    x ^= x >>> 15;
    x *= 0x846CA68B;
    return x ^ (x >>> 16);
  }

  /** The 32-bit golden-ratio increment between consecutive {@link #hash32} counters. */
  public static final int GOLDEN32 = 0x9E3779B9;

  /** 64 uniformly random bits. */
  public long nextLong() {
    state += GOLDEN;
    return mix64(state);
  }

  /** A uniform int in [0, bound), without modulo bias (Lemire's multiply-and-reject). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A uniform float in [0, 1) with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** A uniform double in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** A standard normal deviate (Marsaglia's polar method; pairs are cached). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * f;
    hasSpare = true;
    return u * f;
  }

  /** Shuffles {@code a[0..n)} in place (Fisher-Yates). */
  public void shuffle(int[] a, int n) {
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
