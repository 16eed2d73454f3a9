package dev.deepfm.core.kernel;

/** Straight loops in the textbook order: the reference every fast kernel is tested against. */
public final class PlainKernels implements Kernels {
  /** The one instance. */
  public static final PlainKernels INSTANCE = new PlainKernels();

  private PlainKernels() {}

  @Override
  public void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] bias, int biasOff, float[] c, int cOff, int ldc) {
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < n; j++) {
        float acc = bias == null ? 0f : bias[biasOff + j];
        for (int p = 0; p < k; p++) {
          acc += a[aOff + r * lda + p] * b[bOff + p * ldb + j];
        }
        c[cOff + r * ldc + j] = acc;
      }
    }
  }

  @Override
  public void gemmTnAcc(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc) {
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        float acc = c[cOff + p * ldc + j];
        for (int r = 0; r < m; r++) {
          acc += a[aOff + r * lda + p] * b[bOff + r * ldb + j];
        }
        c[cOff + p * ldc + j] = acc;
      }
    }
  }

  @Override
  public void rowSum(int n, float[] src, int stride, int[] rows, float[] w, int from, int to,
      float[] init, int initOff, float[] dst, int dstOff) {
    for (int c = 0; c < n; c++) {
      float acc = init == null ? 0f : init[initOff + c];
      for (int j = from; j < to; j++) {
        acc += w[j] * src[rows[j] * stride + c];
      }
      dst[dstOff + c] = acc;
    }
  }

  @Override
  public float sumAndSquares(int n, float[] src, int stride, int[] rows, int from, int to,
      float[] sum, int sumOff) {
    float sq = 0f;
    for (int c = 0; c < n; c++) {
      float s = 0f;
      for (int j = from; j < to; j++) {
        float v = src[rows[j] * stride + c];
        s += v;
        sq += v * v;
      }
      sum[sumOff + c] = s;
    }
    return sq;
  }

  @Override
  public void relu(int n, float[] x, int off) {
    for (int i = off; i < off + n; i++) {
      x[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  public void intervalRelu(int n, float[] c, int cOff, float[] r, int rOff) {
    for (int i = 0; i < n; i++) {
      float lo = Math.max(c[cOff + i] - r[rOff + i], 0f);
      float hi = Math.max(c[cOff + i] + r[rOff + i], 0f);
      c[cOff + i] = 0.5f * (lo + hi);
      r[rOff + i] = 0.5f * (hi - lo);
    }
  }

  @Override
  public void reluDropout(int n, float[] x, int off, int key, int threshold, float keep) {
    for (int i = 0; i < n; i++) {
      boolean kept = dev.deepfm.core.util.Rng.hash32(key + i * dev.deepfm.core.util.Rng.GOLDEN32) >>> 16 >= threshold;
      x[off + i] = Math.max(x[off + i], 0f) * (kept ? keep : 0f);
    }
  }

  @Override
  public void reluBackward(int n, float[] a, int aOff, float[] d, int dOff, float keep) {
    for (int i = 0; i < n; i++) {
      d[dOff + i] = a[aOff + i] > 0 ? d[dOff + i] * keep : 0f;
    }
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void columnSum(int rows, int cols, float[] x, int xOff, int stride, float[] out, int outOff) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[outOff + c] += x[xOff + r * stride + c];
      }
    }
  }

  @Override
  public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
    float acc = 0f;
    for (int i = 0; i < n; i++) {
      acc += x[xOff + i] * y[yOff + i];
    }
    return acc;
  }

  @Override
  public void adam(int off, int n, float[] p, float[] g, float[] m, float[] v, float beta1,
      float beta2, float stepSize, float sqrtBc2, float eps, float weightDecay) {
    for (int i = off; i < off + n; i++) {
      float gi = g[i] + weightDecay * p[i];
      g[i] = 0f;
      float mi = beta1 * m[i] + (1 - beta1) * gi;
      float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
    }
  }

  @Override
  public String name() {
    return "plain";
  }
}
