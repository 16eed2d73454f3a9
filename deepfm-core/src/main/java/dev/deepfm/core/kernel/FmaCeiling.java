package dev.deepfm.core.kernel;

import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's ceiling for float arithmetic: the rate of fused multiply-adds when nothing but
 * registers is touched (12 independent chains of SIMD FMAs per thread, enough to keep two FMA units
 * busy through their latency), on one or more threads at once. No kernel can go faster, so it is the
 * yardstick for the training and ranking rates. Needs {@code jdk.incubator.vector}: load this class
 * only when {@link Kernels#best()} is the vector implementation.
 */
public final class FmaCeiling {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int CHAINS = 12;
  private static final float X = 0.999_999f;
  private static final float Y = 1e-7f;

  private FmaCeiling() {}

  /** Floats per SIMD vector on this machine. */
  public static int lanes() {
    return S.length();
  }

  /** Floating-point operations (a multiply and an add per lane) of {@link #spin} with {@code iterations}. */
  public static double flops(long iterations) {
    return 2.0 * CHAINS * S.length() * iterations;
  }

  /**
   * Runs {@code iterations} rounds of one FMA on each of 12 chains, {@code a = a * x + y} lane-wise
   * from {@code a = 1}, and returns the sum of every chain's lanes (returned, so the work cannot be
   * skipped; every chain and lane holds the same value).
   */
  public static float spin(long iterations) {
    FloatVector x = FloatVector.broadcast(S, X);
    FloatVector y = FloatVector.broadcast(S, Y);
    FloatVector a0 = FloatVector.broadcast(S, 1f);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    FloatVector a8 = a0;
    FloatVector a9 = a0;
    FloatVector a10 = a0;
    FloatVector a11 = a0;
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
    }
    FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
    float total = 0f;
    for (int i = 0; i < S.length(); i++) {
      total += s.lane(i);
    }
    return total;
  }

  /** What {@link #spin} returns, computed one float at a time (for tests). */
  public static float spinPlain(long iterations) {
    float a = 1f;
    for (long i = 0; i < iterations; i++) {
      a = Math.fma(a, X, Y);
    }
    float chains = 0f;
    for (int c = 0; c < CHAINS; c++) {
      chains += a;
    }
    float total = 0f;
    for (int i = 0; i < S.length(); i++) {
      total += chains;
    }
    return total;
  }

  /**
   * Compiles the loop (a short run first) and returns the iterations that take about
   * {@code seconds} on one thread, at least a million.
   */
  public static long calibrate(double seconds) throws InterruptedException {
    gflops(1, 2_000_000);
    return Math.max(1_000_000L, (long) (seconds * 1e9 * gflops(1, 20_000_000) / flops(1)));
  }

  /**
   * The ceiling in GFLOP/s with {@code threads} threads spinning at once, each for {@code iterations}
   * rounds, timed from a common start until the last one ends. Take the iterations from
   * {@link #calibrate}, so that the loop is compiled before it is timed.
   */
  public static double gflops(int threads, long iterations) throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(threads);
    Thread[] team = new Thread[threads];
    float[] sink = new float[threads];
    long[] began = new long[threads];
    long[] ended = new long[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      team[t] = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          return;
        }
        // each thread times itself: the caller may not be scheduled while the team spins
        began[id] = System.nanoTime();
        sink[id] = spin(iterations);
        ended[id] = System.nanoTime();
      }, "deepfm-fma-" + t);
      team[t].start();
    }
    for (Thread th : team) {
      th.join();
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int t = 0; t < threads; t++) {
      if (!Float.isFinite(sink[t]) || ended[t] == 0) {
        throw new IllegalStateException("FMA thread " + t + " did not finish");
      }
      first = Math.min(first, began[t]);
      last = Math.max(last, ended[t]);
    }
    return threads * flops(iterations) / ((last - first) / 1e9) / 1e9;
  }
}
