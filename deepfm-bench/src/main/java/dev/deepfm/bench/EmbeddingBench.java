package dev.deepfm.bench;

import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.util.Rng;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gather and scatter over embedding-like tables, plain loops against the Vector API kernels
 * ({@code kernels} = plain or vector):
 *
 * <ul>
 *   <li>{@code rowSum} (gather): {@link Kernels#rowSum} of 24 rows, one per field, with unit
 *       weights and a bias as {@code init}, for each of 256 examples, out of a table of 600 rows
 *       (25 per field). At {@code width} = 128 this is the factorized first layer's per-example
 *       sum {@code z1_b = b1 + sum_f Q_{r(b,f)}} over the rows' projections {@code Q}; at
 *       {@code width} = 16 it is the same gather at the embedding width (the sums the FM gradient
 *       takes over a group's examples). Reported in <b>ns per output row</b> (24 rows summed).</li>
 *   <li>{@code axpyScatter}: the embedding gradient's scatter, {@link Kernels#axpy}
 *       {@code dE[row] += w * dx} of one 16-wide slot, for the 256 x 24 = 6,144 (example, field)
 *       slots of a batch into random rows of a 2,457 x 16 gradient table (DeepFM's MovieLens
 *       vocabulary). Reported in <b>ns per row update</b>; the table is zeroed before each
 *       iteration.</li>
 * </ul>
 *
 * <p>At these widths a call is short (one to sixteen vectors), so the numbers include the call and
 * loop overheads the model really pays; plain against vector at one width is the kernel's speed-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class EmbeddingBench {
  static final int EXAMPLES = 256;
  static final int FIELDS = 24;
  static final int PER_FIELD = 25;
  static final int K = 16;
  static final int VOCAB = 2457;
  static final int SLOTS = EXAMPLES * FIELDS;

  /** Inputs of the gather. */
  @State(Scope.Thread)
  public static class Gather {
    /** {@code plain} ({@link Kernels#plain()}) or {@code vector} ({@link Kernels#best()}). */
    @Param({"plain", "vector"})
    public String kernels;

    /** Floats per row: 128 (first hidden layer) or 16 (embedding). */
    @Param({"128", "16"})
    public int width;

    Kernels kern;
    float[] table;
    int[] rows;
    float[] weights;
    float[] bias;
    float[] out;

    /** Draws the table and each example's rows. */
    @Setup(Level.Trial)
    public void setup() {
      kern = BenchSupport.kernels(kernels);
      Rng rng = BenchSupport.rng("gather " + width);
      table = BenchSupport.uniform(rng, FIELDS * PER_FIELD * width, 1f);
      rows = new int[SLOTS];
      for (int s = 0; s < SLOTS; s++) {
        rows[s] = (s % FIELDS) * PER_FIELD + rng.nextInt(PER_FIELD);
      }
      weights = BenchSupport.filled(SLOTS, 1f);
      bias = BenchSupport.uniform(rng, width, 1f);
      out = new float[EXAMPLES * width];
    }
  }

  /** Inputs of the scatter. */
  @State(Scope.Thread)
  public static class Scatter {
    /** {@code plain} ({@link Kernels#plain()}) or {@code vector} ({@link Kernels#best()}). */
    @Param({"plain", "vector"})
    public String kernels;

    Kernels kern;
    float[] dx;
    int[] rows;
    float[] weights;
    float[] grad;

    /** Draws the slot gradients and their rows. */
    @Setup(Level.Trial)
    public void setup() {
      kern = BenchSupport.kernels(kernels);
      Rng rng = BenchSupport.rng("scatter");
      dx = BenchSupport.uniform(rng, SLOTS * K, 1e-3f);
      rows = BenchSupport.indices(rng, SLOTS, VOCAB);
      weights = BenchSupport.filled(SLOTS, 1f);
      grad = new float[VOCAB * K];
    }

    /** Keeps the accumulated gradient small. */
    @Setup(Level.Iteration)
    public void reset() {
      Arrays.fill(grad, 0f);
    }
  }

  /** Per example: {@code out[b] = bias + sum of its 24 rows}. */
  @Benchmark
  @OperationsPerInvocation(EXAMPLES)
  public float[] rowSum(Gather s) {
    int w = s.width;
    for (int b = 0; b < EXAMPLES; b++) {
      s.kern.rowSum(w, s.table, w, s.rows, s.weights, b * FIELDS, (b + 1) * FIELDS, s.bias, 0,
          s.out, b * w);
    }
    return s.out;
  }

  /** Per slot: {@code grad[row] += w * dx[slot]}. */
  @Benchmark
  @OperationsPerInvocation(SLOTS)
  public float[] axpyScatter(Scatter s) {
    for (int i = 0; i < SLOTS; i++) {
      s.kern.axpy(K, s.weights[i], s.dx, i * K, s.grad, s.rows[i] * K);
    }
    return s.grad;
  }
}
