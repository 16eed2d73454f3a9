package dev.deepfm.bench;

import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.Dropout;
import dev.deepfm.core.util.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The activations around the hidden layers, for a batch of 256 examples of 128 units (the first
 * hidden layer: 32,768 floats, 128 KB), plain loops against the Vector API kernels
 * ({@code kernels} = plain or vector), in <b>us per call</b>:
 *
 * <ul>
 *   <li>{@code relu}: {@link Kernels#relu} in place (inference);</li>
 *   <li>{@code reluDropout}: {@link Kernels#reluDropout} in place, ReLU then inverted dropout
 *       of p = 0.2, the counter-based mask drawn inside the kernel, a key per example (training
 *       forward);</li>
 *   <li>{@code reluBackward}: {@link Kernels#reluBackward}, the gradient through both, given the
 *       layer's output (zero where the unit was inactive or dropped);</li>
 *   <li>{@code intervalRelu}: {@link Kernels#intervalRelu} in place, the ReLU of intervals given
 *       as centre and radius (the ranking bounds' clamp);</li>
 *   <li>{@code columnSum}: {@link Kernels#columnSum} of the 256 rows into one (a bias gradient;
 *       the sums grow slowly, as a random walk).</li>
 * </ul>
 *
 * <p>The kernels work in place, so the data cannot be restored between calls without timing a
 * copy. They are branch-free (vector) or data-independent in cost except for subnormals, so what
 * matters is that values stay normal: {@code relu} and {@code intervalRelu} are idempotent;
 * {@code reluDropout} and {@code reluBackward} alternate the kept-unit factor between 1/(1-p) =
 * 1.25 and its inverse 0.8 from call to call, so the values neither overflow nor vanish (units
 * {@code reluDropout} drops stay zero). The plain {@code reluBackward}'s
 * branch, if the JIT keeps one, sees the same random 40% active pattern every call.
 *
 * <p>Also {@code maskThenApply}: the same training forward as the plain network runs it, the mask
 * drawn a unit at a time by {@link Dropout#mask} then applied by {@link Dropout#forward} (it
 * does not use {@code kernels}, so its two rows measure the same code).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ActivationBench {
  static final int ROWS = 256;
  static final int UNITS = 128;
  static final int N = ROWS * UNITS;
  static final float P = 0.2f;

  /** The activation arrays. */
  @State(Scope.Thread)
  public static class Act {
    /** {@code plain} ({@link Kernels#plain()}) or {@code vector} ({@link Kernels#best()}). */
    @Param({"plain", "vector"})
    public String kernels;

    Kernels kern;
    float[] x;
    float[] a;
    float[] d;
    /** Interval centres (either sign) and radii (non-negative). */
    float[] centre;
    float[] radius;
    /** The kept units' factor, 1/(1-p) = 1.25, and its inverse. */
    float[] keeps = {1f / (1f - P), 1f - P};
    int phase;
    /** A step seed for the dropout benchmarks, and one example's mask. */
    long seed;
    float[] row = new float[UNITS];

    /** Draws pre-activations, masks, layer outputs and gradients. */
    @Setup(Level.Trial)
    public void setup() {
      kern = BenchSupport.kernels(kernels);
      Rng rng = BenchSupport.rng("activation");
      x = BenchSupport.uniform(rng, N, 1f);
      d = BenchSupport.uniform(rng, N, 1f);
      float[] scale = new float[N];
      seed = rng.nextLong();
      for (int b = 0; b < ROWS; b++) {
        Dropout.mask(seed, b, 0, P, scale, b * UNITS, UNITS);
      }
      centre = BenchSupport.uniform(rng, N, 1f);
      radius = BenchSupport.uniform(rng, N, 1f);
      for (int i = 0; i < N; i++) {
        radius[i] = Math.abs(radius[i]);
      }
      a = BenchSupport.uniform(rng, N, 1f);
      for (int i = 0; i < N; i++) {
        a[i] = Math.max(a[i], 0f) * scale[i];
      }
    }

    /** 0, 1, 0, 1, ...: which factor this call uses. */
    int flip() {
      int f = phase;
      phase = f ^ 1;
      return f;
    }
  }

  /** {@code x = max(x, 0)} over 256 x 128. */
  @Benchmark
  public float[] relu(Act s) {
    s.kern.relu(N, s.x, 0);
    return s.x;
  }

  /** {@code d = a > 0 ? d * keep : 0} over 256 x 128. */
  @Benchmark
  public float[] reluBackward(Act s) {
    s.kern.reluBackward(N, s.a, 0, s.d, 0, s.keeps[s.flip()]);
    return s.d;
  }

  /** The column sums of 256 x 128 (a bias gradient), accumulated into one row. */
  @Benchmark
  public float[] columnSum(Act s) {
    s.kern.columnSum(ROWS, UNITS, s.d, 0, UNITS, s.row, 0);
    return s.row;
  }

  /** The ReLU of 256 x 128 intervals, in place. */
  @Benchmark
  public float[] intervalRelu(Act s) {
    s.kern.intervalRelu(N, s.centre, 0, s.radius, 0);
    return s.centre;
  }

  /**
   * Training forward of 256 examples x 128 units as the fast network runs it: per example, the
   * mask drawn on the fly by {@link Kernels#reluDropout} (eight units per vector with the vector
   * kernels).
   */
  @Benchmark
  public float[] reluDropout(Act s) {
    float keep = s.keeps[s.flip()];
    int threshold = Dropout.threshold(P);
    for (int b = 0; b < ROWS; b++) {
      s.kern.reluDropout(UNITS, s.x, b * UNITS, Dropout.maskKey(s.seed, b, 0), threshold, keep);
    }
    return s.x;
  }

  /**
   * The same with the mask drawn first, a unit at a time, by {@link Dropout#mask} and applied by
   * {@link Dropout#forward}: the plain network's form (it does not depend on {@code kernels}).
   */
  @Benchmark
  public float[] maskThenApply(Act s) {
    s.flip();
    for (int b = 0; b < ROWS; b++) {
      Dropout.mask(s.seed, b, 0, P, s.row, 0, UNITS);
      Dropout.forward(s.x, b * UNITS, UNITS, s.row, 0);
    }
    return s.x;
  }
}
