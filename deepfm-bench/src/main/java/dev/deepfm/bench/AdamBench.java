package dev.deepfm.bench;

import dev.deepfm.core.kernel.Kernels;
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
 * One dense Adam step, {@link Kernels#adam}, over every parameter of the default DeepFM on
 * MovieLens 100K (101,419 floats: an embedding of 2,457 rows x 16, their first-order weights, the MLP
 * 384-128-64-32-1 and the bias), plain loops against the Vector API kernel, in <b>us per step</b>.
 *
 * <p>The step streams four arrays (parameters, gradient, two moments: 1.6 MB) and does a square
 * root and a division per parameter. Hyper-parameters are the trainer's (lr 1e-3, betas 0.9 and
 * 0.999, eps 1e-8, weight decay 1e-5) at step 10. The gradient is fixed, uniform in
 * [-0.01, 0.01), and never zero, so the moments neither underflow into subnormals (which would
 * time the CPU's slow path, not the kernel) nor grow; the parameters drift by about lr a step,
 * harmlessly.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class AdamBench {
  /** {@code plain} ({@link Kernels#plain()}) or {@code vector} ({@link Kernels#best()}). */
  @Param({"plain", "vector"})
  public String kernels;

  /** Parameters updated per step. */
  @Param({"101419"})
  public int params;

  private Kernels kern;
  private float[] p;
  private float[] g;
  private float[] m;
  private float[] v;
  private float beta1 = 0.9f;
  private float beta2 = 0.999f;
  private float eps = 1e-8f;
  private float weightDecay = 1e-5f;
  private float stepSize;
  private float sqrtBc2;

  /** Draws parameters, gradient and warm moments. */
  @Setup(Level.Trial)
  public void setup() {
    kern = BenchSupport.kernels(kernels);
    Rng rng = BenchSupport.rng("adam");
    p = BenchSupport.uniform(rng, params, 0.1f);
    g = BenchSupport.uniform(rng, params, 0.01f);
    for (int i = 0; i < params; i++) {
      if (g[i] == 0f) {
        g[i] = 1e-3f;
      }
    }
    m = new float[params];
    v = new float[params];
    for (int i = 0; i < params; i++) {
      m[i] = 0.5f * g[i];
      v[i] = 0.5f * g[i] * g[i];
    }
    int t = 10;
    float lr = 1e-3f;
    stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
    sqrtBc2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
  }

  /** One step over all parameters. */
  @Benchmark
  public float[] adam() {
    kern.adam(0, params, p, g, m, v, beta1, beta2, stepSize, sqrtBc2, eps, weightDecay);
    return p;
  }
}
