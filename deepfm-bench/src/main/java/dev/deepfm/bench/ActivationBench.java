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
 *   <li>{@code reluScale}: {@link Kernels#reluScale} in place, ReLU then an inverted-dropout mask
 *       of p = 0.2 drawn by {@link Dropout#mask} (training forward);</li>
 *   <li>{@code reluBackward}: {@link Kernels#reluBackward}, the gradient through both, given the
 *       layer's output (zero where the unit was inactive or dropped);</li>
 *   <li>{@code intervalRelu}: {@link Kernels#intervalRelu} in place, the ReLU of intervals given
 *       as centre and radius (the ranking bounds' clamp).</li>
 * </ul>
 *
 * <p>The kernels work in place, so the data cannot be restored between calls without timing a
 * copy. They are branch-free (vector) or data-independent in cost except for subnormals, so what
 * matters is that values stay normal: {@code relu} and {@code intervalRelu} are idempotent; {@code reluScale} and
 * {@code reluBackward} alternate the kept-unit factor between 1/(1-p) = 1.25 and its inverse 0.8
 * from call to call, so the values neither overflow nor vanish. The plain {@code reluBackward}'s
 * branch, if the JIT keeps one, sees the same random 40% active pattern every call.
 *
 * <p>Also {@code dropoutMask}: {@link Dropout#mask} for one example's 128 units (counter-based,
 * 16 random bits a unit, branch-free), in <b>ns per call</b>, beside {@code dropoutMaskBranchy},
 * the same draws with an {@code if} per unit (mispredicted about p of the time), the form the
 * branch-free one replaced. Setup checks that both produce the same mask.
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
    /** The dropout scale (0 or 1.25) and its inverse on the kept units (0 or 0.8). */
    float[][] scales = new float[2][];
    float[] keeps = {1f / (1f - P), 1f - P};
    int phase;

    /** Draws pre-activations, masks, layer outputs and gradients. */
    @Setup(Level.Trial)
    public void setup() {
      kern = BenchSupport.kernels(kernels);
      Rng rng = BenchSupport.rng("activation");
      x = BenchSupport.uniform(rng, N, 1f);
      d = BenchSupport.uniform(rng, N, 1f);
      float[] scale = new float[N];
      long seed = rng.nextLong();
      for (int b = 0; b < ROWS; b++) {
        Dropout.mask(seed, b, 0, P, scale, b * UNITS, UNITS);
      }
      float[] inverse = new float[N];
      for (int i = 0; i < N; i++) {
        inverse[i] = scale[i] == 0f ? 0f : 1f - P;
      }
      scales[0] = scale;
      scales[1] = inverse;
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

  /** One example's mask. */
  @State(Scope.Thread)
  public static class Mask {
    long seed;
    int example;
    float[] scale = new float[UNITS];

    /** Picks the step seed and checks the baseline against {@link Dropout#mask}. */
    @Setup(Level.Trial)
    public void setup() {
      seed = BenchSupport.rng("dropout").nextLong();
      float[] other = new float[UNITS];
      for (int b = 0; b < 64; b++) {
        Dropout.mask(seed, b, 1, P, scale, 0, UNITS);
        maskBranchy(seed, b, 1, P, other, 0, UNITS);
        if (!java.util.Arrays.equals(scale, other)) {
          throw new IllegalStateException("branchy mask differs from Dropout.mask at example " + b);
        }
      }
    }
  }

  /** {@link Dropout#mask} with the keep test as a branch: the baseline. */
  static void maskBranchy(long stepSeed, int example, int layer, float p, float[] scale, int off,
      int n) {
    float keep = 1f / (1f - p);
    int threshold = Dropout.threshold(p);
    long s = Dropout.maskStream(stepSeed, example, layer);
    for (int i = 0; i < n; i += 4) {
      s += 0x9E3779B97F4A7C15L;
      long bits = Rng.mix64(s);
      for (int j = 0; j < 4 && i + j < n; j++) {
        int draw = (int) (bits >>> (16 * j)) & 0xFFFF;
        if (draw < threshold) {
          scale[off + i + j] = 0f;
        } else {
          scale[off + i + j] = keep;
        }
      }
    }
  }

  /** {@code x = max(x, 0)} over 256 x 128. */
  @Benchmark
  public float[] relu(Act s) {
    s.kern.relu(N, s.x, 0);
    return s.x;
  }

  /** {@code x = max(x, 0) * scale} over 256 x 128. */
  @Benchmark
  public float[] reluScale(Act s) {
    s.kern.reluScale(N, s.x, 0, s.scales[s.flip()], 0);
    return s.x;
  }

  /** {@code d = a > 0 ? d * keep : 0} over 256 x 128. */
  @Benchmark
  public float[] reluBackward(Act s) {
    s.kern.reluBackward(N, s.a, 0, s.d, 0, s.keeps[s.flip()]);
    return s.d;
  }

  /** The ReLU of 256 x 128 intervals, in place. */
  @Benchmark
  public float[] intervalRelu(Act s) {
    s.kern.intervalRelu(N, s.centre, 0, s.radius, 0);
    return s.centre;
  }

  /** {@link Dropout#mask} of 128 units, the next example each call. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public float[] dropoutMask(Mask s) {
    Dropout.mask(s.seed, s.example++, 1, P, s.scale, 0, UNITS);
    return s.scale;
  }

  /** The same mask with a branch per unit. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public float[] dropoutMaskBranchy(Mask s) {
    maskBranchy(s.seed, s.example++, 1, P, s.scale, 0, UNITS);
    return s.scale;
  }
}
