package dev.deepfm.core.kernel;

/**
 * The dense arithmetic every model is built from. Two implementations: {@link PlainKernels}
 * (straight loops, the reference) and {@link VectorKernels} (SIMD with the incubating Vector API,
 * register-blocked). {@link #best()} picks the vector one when {@code jdk.incubator.vector} is in the
 * boot layer, the plain one otherwise; tests hold the two equal within float tolerance.
 *
 * <p>Matrices are row-major slices of flat arrays: element {@code (r, c)} of a matrix at offset
 * {@code off} with leading dimension {@code ld} is {@code a[off + r * ld + c]}.
 */
public interface Kernels {

  /**
   * {@code C = bias + A · B}: {@code C[r][j] = bias[j] + sum_p A[r][p] * B[p][j]} for an
   * {@code m x k} A and {@code k x n} B. Overwrites C. {@code bias} may be null (zero).
   */
  void gemm(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] bias, int biasOff,
      float[] c, int cOff, int ldc);

  /**
   * {@code C += A^T · B}: {@code C[p][j] += sum_r A[r][p] * B[r][j]} for an {@code m x k} A and
   * {@code m x n} B; C is {@code k x n}. The sum over r runs in increasing r.
   */
  void gemmTnAcc(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc);

  /**
   * A weighted sum of rows: {@code dst[c] = init[c] + sum_{j in [from, to)} w[j] * src[rows[j] *
   * stride + c]} for c in [0, n), summing in increasing j. {@code init} may be null (zero).
   */
  void rowSum(int n, float[] src, int stride, int[] rows, float[] w, int from, int to,
      float[] init, int initOff, float[] dst, int dstOff);

  /**
   * The two sums of a factorization machine over unit-weight rows: writes
   * {@code sum[c] = sum_j src[rows[j] * stride + c]} for c in [0, n) and returns
   * {@code sum_j sum_c src[rows[j] * stride + c]^2}, for j in [from, to).
   */
  float sumAndSquares(int n, float[] src, int stride, int[] rows, int from, int to, float[] sum,
      int sumOff);

  /** In place {@code x[i] = max(x[i], 0)}: ReLU. */
  void relu(int n, float[] x, int off);

  /**
   * In place, the ReLU of intervals given as centre and radius: with {@code lo = max(c - r, 0)}
   * and {@code hi = max(c + r, 0)}, {@code c[i] = (lo + hi) / 2} and {@code r[i] = (hi - lo) / 2}.
   */
  void intervalRelu(int n, float[] c, int cOff, float[] r, int rOff);

  /**
   * In place, ReLU then inverted dropout with the mask drawn on the fly:
   * {@code x[i] = max(x[i], 0) * (kept ? keep : 0)}, unit i kept when
   * {@code Rng.hash32(key + i * Rng.GOLDEN32) >>> 16 >= threshold} (see
   * {@link dev.deepfm.core.nn.Dropout}).
   */
  void reluDropout(int n, float[] x, int off, int key, int threshold, float keep);

  /**
   * In place {@code d[i] = a[i] > 0 ? d[i] * keep : 0}: the gradient through ReLU and dropout,
   * given the layer's output {@code a} (positive exactly where the unit was active and kept).
   */
  void reluBackward(int n, float[] a, int aOff, float[] d, int dOff, float keep);

  /** {@code y[i] += alpha * x[i]} for i in [0, n). */
  void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

  /**
   * Column sums: {@code out[outOff + c] += x[xOff + r * stride + c]} for rows r in [0, rows), in
   * row order, and c in [0, cols) (a bias gradient: the sum of a layer's gradient rows).
   */
  void columnSum(int rows, int cols, float[] x, int xOff, int stride, float[] out, int outOff);

  /** {@code sum_i x[i] * y[i]}. */
  float dot(int n, float[] x, int xOff, float[] y, int yOff);

  /**
   * One Adam step (Kingma and Ba 2015) as PyTorch computes it, with L2 weight decay coupled into
   * the gradient: {@code g' = g + wd * p; m = b1 m + (1-b1) g'; v = b2 v + (1-b2) g'^2;
   * p -= stepSize * m / (sqrt(v) / sqrtBc2 + eps)} where {@code stepSize = lr / (1 - b1^t)} and
   * {@code sqrtBc2 = sqrt(1 - b2^t)}. Applies to index range [off, off + n) of all four arrays.
   */
  void adam(int off, int n, float[] p, float[] g, float[] m, float[] v,
      float beta1, float beta2, float stepSize, float sqrtBc2, float eps, float weightDecay);

  /** A short name for reports ("vector-256", "plain"). */
  String name();

  /** The fastest kernels this JVM can run. */
  static Kernels best() {
    return KernelSelector.BEST;
  }

  /** The plain reference kernels. */
  static Kernels plain() {
    return PlainKernels.INSTANCE;
  }
}
