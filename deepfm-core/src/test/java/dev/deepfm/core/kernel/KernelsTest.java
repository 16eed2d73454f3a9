package dev.deepfm.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vector kernels equal the plain ones on random shapes, odd sizes and offsets included. */
class KernelsTest {
  private static final Kernels PLAIN = Kernels.plain();
  private static final Kernels FAST = VectorKernels.INSTANCE;

  @Test
  void bestIsVectorWhenModulePresent() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(Kernels.best().name()).startsWith("vector-");
  }

  private static void assertClose(float[] expected, float[] actual, double tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1, Math.abs(expected[i]));
      assertThat(Math.abs(expected[i] - actual[i]) / scale)
          .as("index %d: expected %s, got %s", i, expected[i], actual[i])
          .isLessThanOrEqualTo(tol);
    }
  }

  @ParameterizedTest
  @CsvSource({"1,1,1", "4,16,16", "3,7,5", "5,17,33", "9,128,384", "8,64,128", "13,33,19", "64,1,32", "7,24,1"})
  void gemmMatchesPlain(int m, int n, int k) {
    Rng rng = new Rng(m * 1000L + n * 10L + k);
    int lda = k + 3;
    int ldb = n + 5;
    int ldc = n + 2;
    float[] a = TinyData.randomArray(rng, 2 + m * lda, 1);
    float[] b = TinyData.randomArray(rng, 1 + k * ldb, 1);
    float[] bias = TinyData.randomArray(rng, n + 4, 1);
    for (boolean withBias : new boolean[] {false, true}) {
      float[] c1 = TinyData.randomArray(rng, 3 + m * ldc, 1);
      float[] c2 = c1.clone();
      PLAIN.gemm(m, n, k, a, 2, lda, b, 1, ldb, withBias ? bias : null, 4 % (bias.length - n + 1), c1, 3, ldc);
      FAST.gemm(m, n, k, a, 2, lda, b, 1, ldb, withBias ? bias : null, 4 % (bias.length - n + 1), c2, 3, ldc);
      assertClose(c1, c2, 1e-5);
    }
  }

  @ParameterizedTest
  @CsvSource({"1,1,1", "4,16,16", "3,7,5", "65,17,33", "64,128,16", "13,33,19", "64,1,32", "7,24,1"})
  void gemmTnAccMatchesPlain(int m, int n, int k) {
    Rng rng = new Rng(m * 7000L + n * 70L + k);
    int lda = k + 1;
    int ldb = n + 3;
    int ldc = n + 1;
    float[] a = TinyData.randomArray(rng, 1 + m * lda, 1);
    float[] b = TinyData.randomArray(rng, 2 + m * ldb, 1);
    float[] c1 = TinyData.randomArray(rng, 5 + k * ldc, 1);
    float[] c2 = c1.clone();
    PLAIN.gemmTnAcc(m, n, k, a, 1, lda, b, 2, ldb, c1, 5, ldc);
    FAST.gemmTnAcc(m, n, k, a, 1, lda, b, 2, ldb, c2, 5, ldc);
    assertClose(c1, c2, 1e-5);
  }

  /**
   * Every tile shape (4 x 3, 4 x 2, 4 x 1, 2 x 2 vectors, single rows, scalar edges) sums each element in
   * increasing order with fused multiply-adds, so the result is the scalar FMA chain's, bit for bit:
   * widening the tiles cannot change a trained model.
   */
  @ParameterizedTest
  @CsvSource({"9,8,37", "9,16,37", "9,24,37", "9,32,37", "9,40,37", "9,64,37", "9,128,37", "9,131,37", "6,72,5", "2,128,16",
      "2,16,128", "3,16,128", "7,16,128", "6,19,33", "1,40,9", "3,56,7"})
  void gemmTilesEqualTheFmaChainBitForBit(int m, int n, int k) {
    Rng rng = new Rng(m * 11L + n * 13L + k);
    float[] a = TinyData.randomArray(rng, m * k, 1);
    float[] b = TinyData.randomArray(rng, k * n, 1);
    float[] bias = TinyData.randomArray(rng, n, 1);
    float[] c = new float[m * n];
    FAST.gemm(m, n, k, a, 0, k, b, 0, n, bias, 0, c, 0, n);
    float[] tn = TinyData.randomArray(rng, k * n, 1);
    float[] tnExpected = tn.clone();
    FAST.gemmTnAcc(m, n, k, a, 0, k, c, 0, n, tn, 0, n);
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < n; j++) {
        float e = bias[j];
        for (int p = 0; p < k; p++) {
          e = Math.fma(a[r * k + p], b[p * n + j], e);
        }
        assertThat(c[r * n + j]).as("gemm (%d, %d)", r, j).isEqualTo(e);
      }
    }
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        float e = tnExpected[p * n + j];
        for (int r = 0; r < m; r++) {
          e = Math.fma(a[r * k + p], c[r * n + j], e);
        }
        assertThat(tn[p * n + j]).as("gemmTnAcc (%d, %d)", p, j).isEqualTo(e);
      }
    }
  }

  /**
   * The vector dot product sums its lanes in the documented fixed order (halves first), bit for
   * bit. {@code reduceLanes(ADD)} has no fixed order, and on Java 25 the interpreter's and the
   * compiler's orders differ, which made training runs differ; this pins the order down, so a
   * return to it fails here on any JDK (its orders are sequential or compiler-chosen, not this).
   */
  @ParameterizedTest
  @CsvSource({"8", "16", "19", "64", "131"})
  void dotSumsLanesInTheFixedOrder(int n) {
    int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    Rng rng = new Rng(n);
    float[] x = TinyData.randomArray(rng, n, 1);
    float[] y = TinyData.randomArray(rng, n, 1);
    float[] acc = new float[lanes];
    int full = n - n % lanes;
    for (int i = 0; i < full; i++) {
      acc[i % lanes] = Math.fma(x[i], y[i], acc[i % lanes]);
    }
    for (int w = lanes / 2; w >= 1; w /= 2) {
      for (int i = 0; i < w; i++) {
        acc[i] += acc[i + w];
      }
    }
    float expected = acc[0];
    for (int i = full; i < n; i++) {
      expected = Math.fma(x[i], y[i], expected);
    }
    assertThat(FAST.dot(n, x, 0, y, 0)).isEqualTo(expected);
  }

  @Test
  void gemmDoesNotTouchOutsideC() {
    Rng rng = new Rng(3);
    float[] a = TinyData.randomArray(rng, 5 * 7, 1);
    float[] b = TinyData.randomArray(rng, 7 * 19, 1);
    float[] c = new float[2 + 5 * 23];
    java.util.Arrays.fill(c, 42f);
    FAST.gemm(5, 19, 7, a, 0, 7, b, 0, 19, null, 0, c, 2, 23);
    for (int r = 0; r < 5; r++) {
      for (int j = 19; j < 23 && 2 + r * 23 + j < c.length; j++) {
        assertThat(c[2 + r * 23 + j]).isEqualTo(42f);
      }
    }
    assertThat(c[0]).isEqualTo(42f);
    assertThat(c[1]).isEqualTo(42f);
  }

  @ParameterizedTest
  @CsvSource({"1", "7", "8", "16", "17", "128", "131"})
  void vectorOpsMatchPlain(int n) {
    Rng rng = new Rng(n);
    float[] x = TinyData.randomArray(rng, n + 3, 1);
    float[] y1 = TinyData.randomArray(rng, n + 2, 1);
    float[] y2 = y1.clone();
    PLAIN.axpy(n, 0.37f, x, 3, y1, 2);
    FAST.axpy(n, 0.37f, x, 3, y2, 2);
    assertClose(y1, y2, 1e-6);
    assertThat((double) FAST.dot(n, x, 3, y1, 2)).isCloseTo(PLAIN.dot(n, x, 3, y1, 2), org.assertj.core.data.Offset.offset(1e-4 * n));
  }

  /**
   * Every column block of the vector row sum (8, 4, 3, 2 and 1 vectors, scalar edges) sums its
   * rows in list order with fused multiply-adds, so its widths cannot change a trained model.
   */
  @ParameterizedTest
  @CsvSource({"8,5", "16,24", "24,24", "40,7", "56,3", "88,24", "152,24", "152,130", "155,9", "3,4"})
  void rowSumEqualsTheFmaChainBitForBit(int n, int rowsUsed) {
    Rng rng = new Rng(n * 37L + rowsUsed);
    int stride = n + 5;
    float[] src = TinyData.randomArray(rng, 30 * stride, 1);
    int[] rows = new int[rowsUsed];
    float[] w = TinyData.randomArray(rng, rowsUsed, 1);
    for (int j = 0; j < rowsUsed; j++) {
      rows[j] = rng.nextInt(30);
    }
    float[] init = TinyData.randomArray(rng, n, 1);
    for (boolean withInit : new boolean[] {false, true}) {
      float[] d = new float[n + 1];
      FAST.rowSum(n, src, stride, rows, w, 0, rowsUsed, withInit ? init : null, 0, d, 1);
      for (int c = 0; c < n; c++) {
        float e = withInit ? init[c] : 0f;
        for (int j = 0; j < rowsUsed; j++) {
          e = Math.fma(w[j], src[rows[j] * stride + c], e);
        }
        assertThat(d[1 + c]).as("column %d", c).isEqualTo(e);
      }
    }
  }

  /**
   * Column sums add the rows in order to what the output holds, in plain and vector code alike,
   * so they equal the axpy per row they replaced, bit for bit.
   */
  @ParameterizedTest
  @CsvSource({"64,152", "64,128", "64,1", "3,33", "1,8", "0,16", "17,7"})
  void columnSumEqualsAnAxpyPerRowBitForBit(int rows, int cols) {
    Rng rng = new Rng(rows * 101L + cols);
    int stride = cols + 5;
    float[] x = TinyData.randomArray(rng, 2 + rows * stride, 1);
    float[] start = TinyData.randomArray(rng, cols + 1, 1);
    float[] expected = start.clone();
    for (int r = 0; r < rows; r++) {
      FAST.axpy(cols, 1f, x, 2 + r * stride, expected, 1);
    }
    float[] viaVector = start.clone();
    float[] viaPlain = start.clone();
    FAST.columnSum(rows, cols, x, 2, stride, viaVector, 1);
    PLAIN.columnSum(rows, cols, x, 2, stride, viaPlain, 1);
    assertThat(viaVector).containsExactly(expected);
    assertThat(viaPlain).containsExactly(expected);
  }

  @ParameterizedTest
  @CsvSource({"1,3", "7,1", "16,24", "17,5", "128,24", "131,20", "32,0"})
  void rowSumAndFmSumsMatchPlain(int n, int rowsUsed) {
    Rng rng = new Rng(n * 31L + rowsUsed);
    int stride = n + 3;
    float[] src = TinyData.randomArray(rng, 40 * stride, 1);
    int[] rows = new int[rowsUsed + 2];
    float[] w = TinyData.randomArray(rng, rowsUsed + 2, 1);
    for (int j = 0; j < rows.length; j++) {
      rows[j] = rng.nextInt(40);
    }
    float[] init = TinyData.randomArray(rng, n + 1, 1);
    for (boolean withInit : new boolean[] {false, true}) {
      float[] d1 = TinyData.randomArray(rng, n + 2, 1);
      float[] d2 = d1.clone();
      PLAIN.rowSum(n, src, stride, rows, w, 1, 1 + rowsUsed, withInit ? init : null, 1, d1, 2);
      FAST.rowSum(n, src, stride, rows, w, 1, 1 + rowsUsed, withInit ? init : null, 1, d2, 2);
      assertClose(d1, d2, 1e-5);
    }
    float[] s1 = new float[n + 1];
    float[] s2 = new float[n + 1];
    float q1 = PLAIN.sumAndSquares(n, src, stride, rows, 1, 1 + rowsUsed, s1, 1);
    float q2 = FAST.sumAndSquares(n, src, stride, rows, 1, 1 + rowsUsed, s2, 1);
    assertClose(s1, s2, 1e-5);
    assertThat((double) q2).isCloseTo(q1, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(q1))));
  }

  /**
   * ReLU and dropout with the mask drawn in the kernel: vector and plain give the same floats, bit
   * for bit, and both equal {@link dev.deepfm.core.nn.Dropout#mask} applied after a ReLU.
   */
  @ParameterizedTest
  @CsvSource({"1,7", "7,-3", "8,0", "64,123456789", "131,-2147483648", "128,2147483647"})
  void reluDropoutIsDropoutsMaskBitForBit(int n, int key0) {
    Rng rng = new Rng(n * 3L + key0);
    float p = 0.2f;
    float keep = 1f / (1f - p);
    for (int example = 0; example < 20; example++) {
      int key = key0 + example * 7919;
      float[] x = TinyData.randomArray(rng, n + 3, 1);
      float[] viaPlain = x.clone();
      float[] viaVector = x.clone();
      PLAIN.reluDropout(n, viaPlain, 2, key, dev.deepfm.core.nn.Dropout.threshold(p), keep);
      FAST.reluDropout(n, viaVector, 2, key, dev.deepfm.core.nn.Dropout.threshold(p), keep);
      assertThat(viaVector).containsExactly(viaPlain);
      for (int i = 0; i < n + 3; i++) {
        float expected = i < 2 || i >= n + 2 ? x[i]
            : dev.deepfm.core.nn.Dropout.kept(key, i - 2, dev.deepfm.core.nn.Dropout.threshold(p))
                ? Math.max(x[i], 0f) * keep : 0f;
        assertThat(viaVector[i]).as("unit %d", i).isEqualTo(expected);
      }
    }
    // the mask as the plain network draws it, for a step seed's key
    float[] scale = new float[n];
    dev.deepfm.core.nn.Dropout.mask(99, 4, 1, p, scale, 0, n);
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1f);
    FAST.reluDropout(n, ones, 0, dev.deepfm.core.nn.Dropout.maskKey(99, 4, 1), dev.deepfm.core.nn.Dropout.threshold(p), keep);
    assertThat(ones).containsExactly(scale);
  }

  @ParameterizedTest
  @CsvSource({"1", "7", "8", "64", "131"})
  void activationsMatchPlain(int n) {
    Rng rng = new Rng(n * 5L);
    float[] x = TinyData.randomArray(rng, n + 3, 1);
    float[] a1 = x.clone();
    float[] a2 = x.clone();
    PLAIN.relu(n, a1, 3);
    FAST.relu(n, a2, 3);
    assertThat(a2).containsExactly(a1);
    float[] d1 = TinyData.randomArray(rng, n + 3, 1);
    float[] d2 = d1.clone();
    PLAIN.reluBackward(n, a1, 2, d1, 1, 1.25f);
    FAST.reluBackward(n, a1, 2, d2, 1, 1.25f);
    assertThat(d2).containsExactly(d1);
    // intervals: centres of both signs, radii >= 0 (some zero), so that every clamp case occurs
    float[] c1 = TinyData.randomArray(rng, n + 3, 1);
    float[] r1 = new float[n + 2];
    for (int i = 0; i < r1.length; i++) {
      r1[i] = rng.nextInt(4) == 0 ? 0f : Math.abs(TinyData.randomArray(rng, 1, 1)[0]);
    }
    float[] c2 = c1.clone();
    float[] r2 = r1.clone();
    PLAIN.intervalRelu(n, c1, 3, r1, 2);
    FAST.intervalRelu(n, c2, 3, r2, 2);
    assertThat(c2).containsExactly(c1);
    assertThat(r2).containsExactly(r1);
  }

  @ParameterizedTest
  @CsvSource({"1", "7", "8", "100", "1029"})
  void adamMatchesPlain(int n) {
    Rng rng = new Rng(n + 11);
    float[] p1 = TinyData.randomArray(rng, n + 4, 1);
    float[] g = TinyData.randomArray(rng, n + 4, 0.1);
    float[] m1 = TinyData.randomArray(rng, n + 4, 0.01);
    float[] v1 = new float[n + 4];
    for (int i = 0; i < v1.length; i++) {
      v1[i] = (float) rng.uniform(0, 0.001);
    }
    float[] p2 = p1.clone();
    float[] m2 = m1.clone();
    float[] v2 = v1.clone();
    float[] g2 = g.clone();
    PLAIN.adam(2, n, p1, g, m1, v1, 0.9f, 0.999f, 0.01f, 0.3f, 1e-8f, 1e-5f);
    FAST.adam(2, n, p2, g2, m2, v2, 0.9f, 0.999f, 0.01f, 0.3f, 1e-8f, 1e-5f);
    for (int i = 0; i < g.length; i++) {
      boolean inRange = i >= 2 && i < 2 + n;
      assertThat(g[i] == 0f).as("plain consumed gradient %d", i).isEqualTo(inRange || g[i] == 0f);
      assertThat(g2[i]).isEqualTo(g[i]);
    }
    assertClose(p1, p2, 1e-6);
    assertClose(m1, m2, 1e-6);
    assertClose(v1, v2, 1e-6);
  }

  @Test
  void adamFollowsPyTorchFormula() {
    // one parameter, two steps, computed by hand in double from torch.optim.Adam's definition
    float[] p = {0.5f};
    float[] g = {0.2f};
    float[] m = {0f};
    float[] v = {0f};
    double lr = 0.001;
    double wd = 0.01;
    double pd = 0.5;
    double md = 0;
    double vd = 0;
    for (int t = 1; t <= 2; t++) {
      double gd = 0.2 + wd * pd;
      md = 0.9 * md + 0.1 * gd;
      vd = 0.999 * vd + 0.001 * gd * gd;
      double denom = Math.sqrt(vd) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
      pd -= lr / (1 - Math.pow(0.9, t)) * md / denom;
      g[0] = 0.2f;
      PLAIN.adam(0, 1, p, g, m, v, 0.9f, 0.999f, (float) (lr / (1 - Math.pow(0.9, t))),
          (float) Math.sqrt(1 - Math.pow(0.999, t)), 1e-8f, (float) wd);
    }
    assertThat((double) p[0]).isCloseTo(pd, org.assertj.core.data.Offset.offset(1e-7));
  }
}
