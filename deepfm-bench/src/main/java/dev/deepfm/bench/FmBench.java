package dev.deepfm.bench;

import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.FactorizationMachine;
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
 * The factorization machine's second-order term {@code sum_{f < f'} <x_f, x_f'>} for a batch of
 * 256 examples with 24 fields and embeddings of 16, three ways, all on the same numbers and all
 * reported in <b>ns per example</b> ({@code @OperationsPerInvocation(256)}):
 *
 * <ul>
 *   <li>{@code sumAndSquares} ({@code kernels} = plain or vector): {@link Kernels#sumAndSquares}
 *       over the example's 24 rows (16 wide) of a table of 600 gathered embedding rows (25 distinct
 *       rows per field, about what a batch of 256 touches), then the {@link Kernels#dot} that
 *       finishes the term, exactly as {@code FastDeepFm.forwardChunk} does;</li>
 *   <li>{@code layerSumOfSquares}: the plain layer {@link FactorizationMachine#forward}, the same
 *       O(F k) identity as loops over a dense {@code 256 x 24 x 16} input (the same rows, copied
 *       out);</li>
 *   <li>{@code layerPairs}: {@link FactorizationMachine#forwardPairs}, the O(F^2 k) definition
 *       over all 276 pairs of fields (in double), the baseline the identity replaces.</li>
 * </ul>
 *
 * <p>Setup checks that the three agree. Plain against vector {@code sumAndSquares} is the SIMD
 * speed-up; {@code layerPairs} against {@code layerSumOfSquares} is the algorithmic one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FmBench {
  static final int ROWS = 256;
  static final int FIELDS = 24;
  static final int K = 16;
  static final int PER_FIELD = 25;

  /** The batch: a gathered table of 600 rows and each example's row per field. */
  public static class Data {
    float[] table;
    int[] rows;
    /** The same embeddings as a dense {@code ROWS x FIELDS x K} array, for the layer. */
    float[] dense;

    /** Draws the table and the rows (called by the states' own setup). */
    void build() {
      Rng rng = BenchSupport.rng("fm");
      table = BenchSupport.uniform(rng, FIELDS * PER_FIELD * K, 1f);
      rows = new int[ROWS * FIELDS];
      dense = new float[ROWS * FIELDS * K];
      for (int b = 0; b < ROWS; b++) {
        for (int f = 0; f < FIELDS; f++) {
          int r = f * PER_FIELD + rng.nextInt(PER_FIELD);
          rows[b * FIELDS + f] = r;
          System.arraycopy(table, r * K, dense, (b * FIELDS + f) * K, K);
        }
      }
    }

    /** The reference terms, by brute force. */
    float[] pairs() {
      float[] y = new float[ROWS];
      FactorizationMachine.forwardPairs(dense, ROWS, FIELDS, K, y);
      return y;
    }
  }

  /** The kernels' inputs and outputs. */
  @State(Scope.Thread)
  public static class KernelState extends Data {
    /** {@code plain} ({@link Kernels#plain()}) or {@code vector} ({@link Kernels#best()}). */
    @Param({"plain", "vector"})
    public String kernels;

    Kernels kern;
    float[] sum = new float[ROWS * K];
    float[] z = new float[ROWS];

    /** Picks the kernels and checks them against the brute-force term. */
    @Setup(Level.Trial)
    public void setupKernels() {
      build();
      kern = BenchSupport.kernels(kernels);
      run(this);
      check(z, pairs(), "kernels " + kern.name());
    }
  }

  /** The layers' input and output. */
  @State(Scope.Thread)
  public static class LayerState extends Data {
    float[] y = new float[ROWS];

    /** Checks the identity against the definition. */
    @Setup(Level.Trial)
    public void setupLayer() {
      build();
      Arrays.fill(y, 0f);
      FactorizationMachine.forward(dense, ROWS, FIELDS, K, y);
      check(y, pairs(), "FactorizationMachine.forward");
    }

    /** The layers add to y: start every iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      Arrays.fill(y, 0f);
    }
  }

  static float[] run(KernelState s) {
    Kernels kern = s.kern;
    for (int b = 0; b < ROWS; b++) {
      int o = b * K;
      float sq = kern.sumAndSquares(K, s.table, K, s.rows, b * FIELDS, (b + 1) * FIELDS, s.sum, o);
      s.z[b] = 0.5f * (kern.dot(K, s.sum, o, s.sum, o) - sq);
    }
    return s.z;
  }

  static void check(float[] got, float[] want, String what) {
    for (int b = 0; b < ROWS; b++) {
      if (!(Math.abs(got[b] - want[b]) <= 1e-3f * Math.max(1f, Math.abs(want[b])))) {
        throw new IllegalStateException(what + ": example " + b + " gives " + got[b]
            + ", brute force " + want[b]);
      }
    }
  }

  /** Kernel FM term: {@code sumAndSquares} then {@code dot}, per example. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float[] sumAndSquares(KernelState s) {
    return run(s);
  }

  /** Plain layer, sum-of-squares identity, per example. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float[] layerSumOfSquares(LayerState s) {
    FactorizationMachine.forward(s.dense, ROWS, FIELDS, K, s.y);
    return s.y;
  }

  /** Plain layer, brute force over pairs of fields, per example. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float[] layerPairs(LayerState s) {
    FactorizationMachine.forwardPairs(s.dense, ROWS, FIELDS, K, s.y);
    return s.y;
  }
}
