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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense matrix products: {@link Kernels#gemm} ({@code C = bias + A B}) and
 * {@link Kernels#gemmTnAcc} ({@code C += A^T B}), plain loops against the register-blocked Vector
 * API kernels, at the shapes {@code FastDeepFm} and {@code SplitScorer} call them with (DeepFM:
 * 24 fields, k = 16, MLP 384-128-64-32-1, chunks of 64 examples). A shape {@code MxNxK} means the
 * kernel's {@code (m, n, k)} arguments, row-major, with {@code lda = k}, {@code ldb = n},
 * {@code ldc = n} as in the model:
 *
 * <table>
 *   <caption>shapes</caption>
 *   <tr><th>shape</th><th>gemm in the model</th><th>gemmTnAcc in the model</th></tr>
 *   <tr><td>64x64x128</td><td>forward, layer 128 to 64, one chunk</td><td>dW of that layer</td></tr>
 *   <tr><td>64x32x64</td><td>forward, layer 64 to 32</td><td>dW of that layer</td></tr>
 *   <tr><td>64x128x64</td><td>backward dx of layer 128 to 64 ({@code dY W^T})</td><td>-</td></tr>
 *   <tr><td>256x128x16</td><td>factorized first layer: {@code Q = E W1_f} for 256 distinct rows</td>
 *       <td>{@code dW1_f += E^T S}</td></tr>
 *   <tr><td>1447x64x128</td><td>ranking all 1,447 MovieLens items for one user</td><td>-</td></tr>
 *   <tr><td>37x27x23</td><td>odd sizes, no multiple of the vector width: with 8 lanes (AVX2) n = 27
 *       takes the 2-vector tile, the 1-vector and the scalar column paths, m = 37 the 1-row
 *       tail</td><td>the same (k = 23: the 1-row tail of the transposed product)</td></tr>
 * </table>
 *
 * <p>Both kernels run every shape (the table says which ones the model uses). A and B hold uniform
 * values in [-1, 1); {@code gemm} passes a bias; {@code gemmTnAcc} accumulates into C, which is
 * zeroed before every iteration so it stays small.
 *
 * <p><b>Reading the numbers.</b> One call is {@code 2 m n k} floating-point operations, so
 * GFLOP/s = {@code 2 m n k / (ns per op)} = {@code 2 m n k / (1000 * us per op)} (JMH reports
 * time, not flops): 1,048,576 flop a call for 64x64x128, 64x128x64 and 256x128x16; 262,144 for
 * 64x32x64; 23,707,648 for 1447x64x128; 45,954 for 37x27x23. For example 64x64x128 at 50 us/op
 * is 21 GFLOP/s. The ratio of the plain and vector scores of one shape is the kernel's speed-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class DenseBench {
  /** {@code plain} ({@link Kernels#plain()}) or {@code vector} ({@link Kernels#best()}). */
  @Param({"plain", "vector"})
  public String kernels;

  /** The kernel's {@code m x n x k}. */
  @Param({"64x64x128", "64x32x64", "64x128x64", "256x128x16", "1447x64x128", "37x27x23"})
  public String shape;

  private Kernels kern;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] bTn;
  private float[] bias;
  private float[] c;
  private float[] cTn;

  /** Builds the inputs: A ({@code m x k}), B ({@code k x n}) for gemm, B ({@code m x n}) for gemmTnAcc. */
  @Setup(Level.Trial)
  public void setup() {
    kern = BenchSupport.kernels(kernels);
    int[] s = BenchSupport.shape(shape);
    m = s[0];
    n = s[1];
    k = s[2];
    Rng rng = BenchSupport.rng("dense " + shape);
    a = BenchSupport.uniform(rng, m * k, 1f);
    b = BenchSupport.uniform(rng, k * n, 1f);
    bTn = BenchSupport.uniform(rng, m * n, 1f);
    bias = BenchSupport.uniform(rng, n, 1f);
    c = new float[m * n];
    cTn = new float[k * n];
  }

  /** Keeps the accumulated C of gemmTnAcc near its first value. */
  @Setup(Level.Iteration)
  public void resetAccumulator() {
    Arrays.fill(cTn, 0f);
  }

  /** {@code C (m x n) = bias + A (m x k) B (k x n)}. */
  @Benchmark
  public float[] gemm() {
    kern.gemm(m, n, k, a, 0, k, b, 0, n, bias, 0, c, 0, n);
    return c;
  }

  /** {@code C (k x n) += A^T B} with A {@code m x k} and B {@code m x n}: a weight gradient. */
  @Benchmark
  public float[] gemmTnAcc() {
    kern.gemmTnAcc(m, n, k, a, 0, k, bTn, 0, n, cTn, 0, n);
    return cTn;
  }
}
