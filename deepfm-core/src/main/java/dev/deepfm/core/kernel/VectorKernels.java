package dev.deepfm.core.kernel;

import dev.deepfm.core.util.Rng;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the incubating Vector API, at the platform's preferred width (8 floats with AVX2,
 * 16 with AVX-512). The matrix products are register-blocked: a 4-row by 3-vector tile of C lives
 * in 12 accumulators while the shared dimension streams past, so each loaded B vector feeds four
 * fused multiply-adds. Narrower edges use 4 x 2 and 4 x 1 tiles; rows left over use 1 x 4 and
 * 1 x 1 tiles, then scalars. Every tile sums each element of C over the shared dimension in
 * increasing order, so the tiling changes speed, never a bit of the result.
 *
 * <p>Loaded only when {@code jdk.incubator.vector} is present (see {@link Kernels#best()}).
 */
public final class VectorKernels implements Kernels {
  /** The one instance. */
  public static final VectorKernels INSTANCE = new VectorKernels();

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;
  /** {@code i * GOLDEN32} for each lane i: the dropout counters' offsets. */
  private static final int[] LANE_GOLDEN = new int[L];

  static {
    if (SI.length() != L) {
      throw new IllegalStateException("int and float vectors differ in lanes: " + SI.length() + ", " + L);
    }
    for (int i = 0; i < L; i++) {
      LANE_GOLDEN[i] = i * Rng.GOLDEN32;
    }
  }

  private VectorKernels() {}

  /**
   * The sum of a vector's lanes, stored in {@code t[0..L)}, in a fixed order, halves first: with 8
   * lanes, {@code ((t0 + t4) + (t2 + t6)) + ((t1 + t5) + (t3 + t7))}. {@code reduceLanes(ADD)}
   * leaves the order unspecified, and on some JDKs the interpreter's Java code and the compiler's
   * instructions take different orders: on Java 25 here a run depended on when each method got
   * compiled, and the same seed gave a different model each time. Scalar adds are exact in every
   * tier. The caller stores the vector: a vector passed to a method that the compiler does not
   * inline (it declined this one in some callers, as "callee is too large") becomes an object on
   * every call. (A lane rotation with {@code rearrange} would keep the sum in registers, but Java 17
   * compiles it 14 times slower.)
   */
  static float sumLanes(float[] t) {
    if (L == 8) {
      return ((t[0] + t[4]) + (t[2] + t[6])) + ((t[1] + t[5]) + (t[3] + t[7]));
    }
    for (int w = L / 2; w >= 1; w /= 2) {
      for (int i = 0; i < w; i++) {
        t[i] += t[i + w];
      }
    }
    return t[0];
  }

  /**
   * {@link #sumLanes} of a vector in a register. With 8 lanes the lanes are read in place: storing
   * them to a fresh array cost an allocation per call, which made a dot product of 16 floats take
   * 50-90 ns instead of 10-17. Small enough that the compiler inlines it, so the vector stays in a
   * register (see {@link #sumLanes}).
   */
  private static float laneSum(FloatVector v) {
    if (L == 8) {
      return ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6))) + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)));
    }
    float[] t = new float[L];
    v.intoArray(t, 0);
    return sumLanes(t);
  }

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  @Override
  public void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] bias, int biasOff, float[] c, int cOff, int ldc) {
    int r = 0;
    for (; r + 4 <= m; r += 4) {
      int j = 0;
      // 4 x 3 tiles while they fit (but 4 vectors go as two 4 x 2 tiles), then 4 x 2, then 4 x 1
      for (; n - j >= 3 * L && n - j != 4 * L; j += 3 * L) {
        gemm4x3(k, a, aOff + r * lda, lda, b, bOff + j, ldb, bias, biasOff + j, c, cOff + r * ldc + j, ldc);
      }
      for (; j + 2 * L <= n; j += 2 * L) {
        gemm4x2(k, a, aOff + r * lda, lda, b, bOff + j, ldb, bias, biasOff + j, c, cOff + r * ldc + j, ldc);
      }
      for (; j + L <= n; j += L) {
        gemm4x1(k, a, aOff + r * lda, lda, b, bOff + j, ldb, bias, biasOff + j, c, cOff + r * ldc + j, ldc);
      }
      for (int rr = r; rr < r + 4; rr++) {
        gemmScalar(j, n, k, a, aOff + rr * lda, b, bOff, ldb, bias, biasOff, c, cOff + rr * ldc);
      }
    }
    // two leftover rows: 2 x 2 tiles, four FMA chains (a batch's genre fields have 2 groups each,
    // and their embedding gradients, 2 x 16 of depth 128, were single chains waiting on latency)
    for (; r + 2 <= m; r += 2) {
      int j = 0;
      for (; j + 2 * L <= n; j += 2 * L) {
        gemm2x2(k, a, aOff + r * lda, lda, b, bOff + j, ldb, bias, biasOff + j, c, cOff + r * ldc + j, ldc);
      }
      loneRow(j, n, k, a, aOff + r * lda, b, bOff, ldb, bias, biasOff, c, cOff + r * ldc);
      loneRow(j, n, k, a, aOff + (r + 1) * lda, b, bOff, ldb, bias, biasOff, c, cOff + (r + 1) * ldc);
    }
    if (r < m) {
      loneRow(0, n, k, a, aOff + r * lda, b, bOff, ldb, bias, biasOff, c, cOff + r * ldc);
    }
  }

  /**
   * Columns [from, n) of one row: 4 vectors at a time, then 2, so that several FMA chains overlap
   * instead of one waiting, then single vectors and scalars.
   */
  private static void loneRow(int from, int n, int k, float[] a, int a0, float[] b, int bOff, int ldb,
      float[] bias, int biasOff, float[] c, int c0) {
    int j = from;
    for (; j + 4 * L <= n; j += 4 * L) {
      gemm1x4(k, a, a0, b, bOff + j, ldb, bias, biasOff + j, c, c0 + j);
    }
    for (; j + 2 * L <= n; j += 2 * L) {
      gemm1x2(k, a, a0, b, bOff + j, ldb, bias, biasOff + j, c, c0 + j);
    }
    for (; j + L <= n; j += L) {
      gemm1x1(k, a, a0, b, bOff + j, ldb, bias, biasOff + j, c, c0 + j);
    }
    gemmScalar(j, n, k, a, a0, b, bOff, ldb, bias, biasOff, c, c0);
  }

  private static void gemm2x2(int k, float[] a, int a0, int lda, float[] b, int bp, int ldb,
      float[] bias, int biasOff, float[] c, int c0, int ldc) {
    FloatVector s00;
    FloatVector s01;
    if (bias == null) {
      s00 = FloatVector.zero(S);
      s01 = s00;
    } else {
      s00 = FloatVector.fromArray(S, bias, biasOff);
      s01 = FloatVector.fromArray(S, bias, biasOff + L);
    }
    FloatVector s10 = s00;
    FloatVector s11 = s01;
    int a1 = a0 + lda;
    for (int p = 0; p < k; p++, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
      s00 = x0.fma(b0, s00);
      s01 = x0.fma(b1, s01);
      s10 = x1.fma(b0, s10);
      s11 = x1.fma(b1, s11);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s10.intoArray(c, c0 + ldc);
    s11.intoArray(c, c0 + ldc + L);
  }

  private static void gemm1x2(int k, float[] a, int a0, float[] b, int bp, int ldb, float[] bias,
      int biasOff, float[] c, int c0) {
    FloatVector s0;
    FloatVector s1;
    if (bias == null) {
      s0 = FloatVector.zero(S);
      s1 = s0;
    } else {
      s0 = FloatVector.fromArray(S, bias, biasOff);
      s1 = FloatVector.fromArray(S, bias, biasOff + L);
    }
    for (int p = 0; p < k; p++, bp += ldb) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
    }
    s0.intoArray(c, c0);
    s1.intoArray(c, c0 + L);
  }

  private static void gemm1x4(int k, float[] a, int a0, float[] b, int bp, int ldb, float[] bias,
      int biasOff, float[] c, int c0) {
    FloatVector s0;
    FloatVector s1;
    FloatVector s2;
    FloatVector s3;
    if (bias == null) {
      s0 = FloatVector.zero(S);
      s1 = s0;
      s2 = s0;
      s3 = s0;
    } else {
      s0 = FloatVector.fromArray(S, bias, biasOff);
      s1 = FloatVector.fromArray(S, bias, biasOff + L);
      s2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
      s3 = FloatVector.fromArray(S, bias, biasOff + 3 * L);
    }
    for (int p = 0; p < k; p++, bp += ldb) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
    }
    s0.intoArray(c, c0);
    s1.intoArray(c, c0 + L);
    s2.intoArray(c, c0 + 2 * L);
    s3.intoArray(c, c0 + 3 * L);
  }

  /**
   * The widest tile: 4 rows by 3 vectors in 12 accumulators, so each step of the shared dimension
   * loads 3 B vectors and 4 A scalars for 12 fused multiply-adds (about 30% faster than 4 x 2 on
   * 256-bit AVX2 here, where 16 registers hold 12 accumulators, 3 B vectors and the broadcast).
   */
  private static void gemm4x3(int k, float[] a, int a0, int lda, float[] b, int bp, int ldb,
      float[] bias, int biasOff, float[] c, int c0, int ldc) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    if (bias == null) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
    } else {
      c00 = FloatVector.fromArray(S, bias, biasOff);
      c01 = FloatVector.fromArray(S, bias, biasOff + L);
      c02 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
    }
    FloatVector c10 = c00;
    FloatVector c11 = c01;
    FloatVector c12 = c02;
    FloatVector c20 = c00;
    FloatVector c21 = c01;
    FloatVector c22 = c02;
    FloatVector c30 = c00;
    FloatVector c31 = c01;
    FloatVector c32 = c02;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    for (int p = 0; p < k; p++, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c0 += ldc;
    c10.intoArray(c, c0);
    c11.intoArray(c, c0 + L);
    c12.intoArray(c, c0 + 2 * L);
    c0 += ldc;
    c20.intoArray(c, c0);
    c21.intoArray(c, c0 + L);
    c22.intoArray(c, c0 + 2 * L);
    c0 += ldc;
    c30.intoArray(c, c0);
    c31.intoArray(c, c0 + L);
    c32.intoArray(c, c0 + 2 * L);
  }

  private static void gemm4x1(int k, float[] a, int a0, int lda, float[] b, int bp, int ldb,
      float[] bias, int biasOff, float[] c, int c0, int ldc) {
    FloatVector c0v = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff);
    FloatVector c1v = c0v;
    FloatVector c2v = c0v;
    FloatVector c3v = c0v;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    for (int p = 0; p < k; p++, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      c0v = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0v);
      c1v = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1v);
      c2v = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2v);
      c3v = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3v);
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + ldc);
    c2v.intoArray(c, c0 + 2 * ldc);
    c3v.intoArray(c, c0 + 3 * ldc);
  }

  private static void gemm4x2(int k, float[] a, int a0, int lda, float[] b, int bp, int ldb,
      float[] bias, int biasOff, float[] c, int c0, int ldc) {
    FloatVector c00;
    FloatVector c01;
    if (bias == null) {
      c00 = FloatVector.zero(S);
      c01 = FloatVector.zero(S);
    } else {
      c00 = FloatVector.fromArray(S, bias, biasOff);
      c01 = FloatVector.fromArray(S, bias, biasOff + L);
    }
    FloatVector c10 = c00;
    FloatVector c11 = c01;
    FloatVector c20 = c00;
    FloatVector c21 = c01;
    FloatVector c30 = c00;
    FloatVector c31 = c01;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    for (int p = 0; p < k; p++, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c0 += ldc;
    c10.intoArray(c, c0);
    c11.intoArray(c, c0 + L);
    c0 += ldc;
    c20.intoArray(c, c0);
    c21.intoArray(c, c0 + L);
    c0 += ldc;
    c30.intoArray(c, c0);
    c31.intoArray(c, c0 + L);
  }

  private static void gemm1x1(int k, float[] a, int a0, float[] b, int bp, int ldb, float[] bias,
      int biasOff, float[] c, int c0) {
    FloatVector acc = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff);
    for (int p = 0; p < k; p++, bp += ldb) {
      acc = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bp), acc);
    }
    acc.intoArray(c, c0);
  }

  private static void gemmScalar(int from, int n, int k, float[] a, int a0, float[] b, int bOff,
      int ldb, float[] bias, int biasOff, float[] c, int c0) {
    for (int j = from; j < n; j++) {
      float acc = bias == null ? 0f : bias[biasOff + j];
      for (int p = 0; p < k; p++) {
        acc = Math.fma(a[a0 + p], b[bOff + p * ldb + j], acc);
      }
      c[c0 + j] = acc;
    }
  }

  @Override
  public void gemmTnAcc(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float[] c, int cOff, int ldc) {
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      int j = 0;
      // the same tiling as gemm: 4 x 3, 4 x 2, 4 x 1, then scalars
      for (; n - j >= 3 * L && n - j != 4 * L; j += 3 * L) {
        tn4x3(m, a, aOff + p, lda, b, bOff + j, ldb, c, cOff + p * ldc + j, ldc);
      }
      for (; j + 2 * L <= n; j += 2 * L) {
        tn4x2(m, a, aOff + p, lda, b, bOff + j, ldb, c, cOff + p * ldc + j, ldc);
      }
      for (; j + L <= n; j += L) {
        tn4x1(m, a, aOff + p, lda, b, bOff + j, ldb, c, cOff + p * ldc + j, ldc);
      }
      for (int pp = p; pp < p + 4; pp++) {
        tnScalar(j, n, m, a, aOff + pp, lda, b, bOff, ldb, c, cOff + pp * ldc);
      }
    }
    for (; p < k; p++) {
      int j = 0;
      for (; j + L <= n; j += L) {
        tn1x1(m, a, aOff + p, lda, b, bOff + j, ldb, c, cOff + p * ldc + j);
      }
      tnScalar(j, n, m, a, aOff + p, lda, b, bOff, ldb, c, cOff + p * ldc);
    }
  }

  private static void tn4x3(int m, float[] a, int ap, int lda, float[] b, int bp, int ldb,
      float[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector c02 = FloatVector.fromArray(S, c, c0 + 2 * L);
    FloatVector c10 = FloatVector.fromArray(S, c, c1);
    FloatVector c11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector c12 = FloatVector.fromArray(S, c, c1 + 2 * L);
    FloatVector c20 = FloatVector.fromArray(S, c, c2);
    FloatVector c21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector c22 = FloatVector.fromArray(S, c, c2 + 2 * L);
    FloatVector c30 = FloatVector.fromArray(S, c, c3);
    FloatVector c31 = FloatVector.fromArray(S, c, c3 + L);
    FloatVector c32 = FloatVector.fromArray(S, c, c3 + 2 * L);
    for (int r = 0; r < m; r++, ap += lda, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
  }

  private static void tn4x1(int m, float[] a, int ap, int lda, float[] b, int bp, int ldb,
      float[] c, int c0, int ldc) {
    FloatVector c0v = FloatVector.fromArray(S, c, c0);
    FloatVector c1v = FloatVector.fromArray(S, c, c0 + ldc);
    FloatVector c2v = FloatVector.fromArray(S, c, c0 + 2 * ldc);
    FloatVector c3v = FloatVector.fromArray(S, c, c0 + 3 * ldc);
    for (int r = 0; r < m; r++, ap += lda, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      c0v = FloatVector.broadcast(S, a[ap]).fma(b0, c0v);
      c1v = FloatVector.broadcast(S, a[ap + 1]).fma(b0, c1v);
      c2v = FloatVector.broadcast(S, a[ap + 2]).fma(b0, c2v);
      c3v = FloatVector.broadcast(S, a[ap + 3]).fma(b0, c3v);
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + ldc);
    c2v.intoArray(c, c0 + 2 * ldc);
    c3v.intoArray(c, c0 + 3 * ldc);
  }

  private static void tn4x2(int m, float[] a, int ap, int lda, float[] b, int bp, int ldb,
      float[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector c10 = FloatVector.fromArray(S, c, c1);
    FloatVector c11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector c20 = FloatVector.fromArray(S, c, c2);
    FloatVector c21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector c30 = FloatVector.fromArray(S, c, c3);
    FloatVector c31 = FloatVector.fromArray(S, c, c3 + L);
    for (int r = 0; r < m; r++, ap += lda, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
  }

  private static void tn1x1(int m, float[] a, int ap, int lda, float[] b, int bp, int ldb,
      float[] c, int c0) {
    FloatVector acc = FloatVector.fromArray(S, c, c0);
    for (int r = 0; r < m; r++, ap += lda, bp += ldb) {
      acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), acc);
    }
    acc.intoArray(c, c0);
  }

  private static void tnScalar(int from, int n, int m, float[] a, int ap, int lda, float[] b,
      int bOff, int ldb, float[] c, int c0) {
    for (int j = from; j < n; j++) {
      float acc = c[c0 + j];
      for (int r = 0; r < m; r++) {
        acc = Math.fma(a[ap + r * lda], b[bOff + r * ldb + j], acc);
      }
      c[c0 + j] = acc;
    }
  }

  @Override
  public void rowSum(int n, float[] src, int stride, int[] rows, float[] w, int from, int to,
      float[] init, int initOff, float[] dst, int dstOff) {
    int c = 0;
    // eight independent accumulators: a chain of dependent FMAs would wait on their latency
    for (; c + 8 * L <= n; c += 8 * L) {
      rowSum8(src, stride, rows, w, from, to, init, initOff + c, dst, dstOff + c, c);
    }
    for (; c + 4 * L <= n; c += 4 * L) {
      rowSum4(src, stride, rows, w, from, to, init, initOff + c, dst, dstOff + c, c);
    }
    for (; c + L <= n; c += L) {
      FloatVector a0 = init == null ? FloatVector.zero(S) : FloatVector.fromArray(S, init, initOff + c);
      for (int j = from; j < to; j++) {
        a0 = FloatVector.broadcast(S, w[j]).fma(FloatVector.fromArray(S, src, rows[j] * stride + c), a0);
      }
      a0.intoArray(dst, dstOff + c);
    }
    for (; c < n; c++) {
      float acc = init == null ? 0f : init[initOff + c];
      for (int j = from; j < to; j++) {
        acc = Math.fma(w[j], src[rows[j] * stride + c], acc);
      }
      dst[dstOff + c] = acc;
    }
  }

  private static void rowSum8(float[] src, int stride, int[] rows, float[] w, int from, int to,
      float[] init, int initOff, float[] dst, int dstOff, int c) {
    FloatVector a0;
    FloatVector a1;
    FloatVector a2;
    FloatVector a3;
    FloatVector a4;
    FloatVector a5;
    FloatVector a6;
    FloatVector a7;
    if (init == null) {
      a0 = FloatVector.zero(S);
      a1 = a0;
      a2 = a0;
      a3 = a0;
      a4 = a0;
      a5 = a0;
      a6 = a0;
      a7 = a0;
    } else {
      a0 = FloatVector.fromArray(S, init, initOff);
      a1 = FloatVector.fromArray(S, init, initOff + L);
      a2 = FloatVector.fromArray(S, init, initOff + 2 * L);
      a3 = FloatVector.fromArray(S, init, initOff + 3 * L);
      a4 = FloatVector.fromArray(S, init, initOff + 4 * L);
      a5 = FloatVector.fromArray(S, init, initOff + 5 * L);
      a6 = FloatVector.fromArray(S, init, initOff + 6 * L);
      a7 = FloatVector.fromArray(S, init, initOff + 7 * L);
    }
    for (int j = from; j < to; j++) {
      FloatVector wj = FloatVector.broadcast(S, w[j]);
      int base = rows[j] * stride + c;
      a0 = wj.fma(FloatVector.fromArray(S, src, base), a0);
      a1 = wj.fma(FloatVector.fromArray(S, src, base + L), a1);
      a2 = wj.fma(FloatVector.fromArray(S, src, base + 2 * L), a2);
      a3 = wj.fma(FloatVector.fromArray(S, src, base + 3 * L), a3);
      a4 = wj.fma(FloatVector.fromArray(S, src, base + 4 * L), a4);
      a5 = wj.fma(FloatVector.fromArray(S, src, base + 5 * L), a5);
      a6 = wj.fma(FloatVector.fromArray(S, src, base + 6 * L), a6);
      a7 = wj.fma(FloatVector.fromArray(S, src, base + 7 * L), a7);
    }
    a0.intoArray(dst, dstOff);
    a1.intoArray(dst, dstOff + L);
    a2.intoArray(dst, dstOff + 2 * L);
    a3.intoArray(dst, dstOff + 3 * L);
    a4.intoArray(dst, dstOff + 4 * L);
    a5.intoArray(dst, dstOff + 5 * L);
    a6.intoArray(dst, dstOff + 6 * L);
    a7.intoArray(dst, dstOff + 7 * L);
  }

  private static void rowSum4(float[] src, int stride, int[] rows, float[] w, int from, int to,
      float[] init, int initOff, float[] dst, int dstOff, int c) {
    FloatVector a0;
    FloatVector a1;
    FloatVector a2;
    FloatVector a3;
    if (init == null) {
      a0 = FloatVector.zero(S);
      a1 = a0;
      a2 = a0;
      a3 = a0;
    } else {
      a0 = FloatVector.fromArray(S, init, initOff);
      a1 = FloatVector.fromArray(S, init, initOff + L);
      a2 = FloatVector.fromArray(S, init, initOff + 2 * L);
      a3 = FloatVector.fromArray(S, init, initOff + 3 * L);
    }
    for (int j = from; j < to; j++) {
      FloatVector wj = FloatVector.broadcast(S, w[j]);
      int base = rows[j] * stride + c;
      a0 = wj.fma(FloatVector.fromArray(S, src, base), a0);
      a1 = wj.fma(FloatVector.fromArray(S, src, base + L), a1);
      a2 = wj.fma(FloatVector.fromArray(S, src, base + 2 * L), a2);
      a3 = wj.fma(FloatVector.fromArray(S, src, base + 3 * L), a3);
    }
    a0.intoArray(dst, dstOff);
    a1.intoArray(dst, dstOff + L);
    a2.intoArray(dst, dstOff + 2 * L);
    a3.intoArray(dst, dstOff + 3 * L);
  }

  @Override
  public float sumAndSquares(int n, float[] src, int stride, int[] rows, int from, int to,
      float[] sum, int sumOff) {
    float sq = 0f;
    int c = 0;
    for (; c + 2 * L <= n; c += 2 * L) {
      FloatVector s0 = FloatVector.zero(S);
      FloatVector s1 = s0;
      FloatVector q0 = s0;
      FloatVector q1 = s0;
      for (int j = from; j < to; j++) {
        int base = rows[j] * stride + c;
        FloatVector v0 = FloatVector.fromArray(S, src, base);
        FloatVector v1 = FloatVector.fromArray(S, src, base + L);
        s0 = s0.add(v0);
        s1 = s1.add(v1);
        q0 = v0.fma(v0, q0);
        q1 = v1.fma(v1, q1);
      }
      s0.intoArray(sum, sumOff + c);
      s1.intoArray(sum, sumOff + c + L);
      sq += laneSum(q0.add(q1));
    }
    for (; c < n; c++) {
      float s = 0f;
      for (int j = from; j < to; j++) {
        float v = src[rows[j] * stride + c];
        s += v;
        sq = Math.fma(v, v, sq);
      }
      sum[sumOff + c] = s;
    }
    return sq;
  }

  @Override
  public void relu(int n, float[] x, int off) {
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(S, x, off + i).max(zero).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      x[off + i] = Math.max(x[off + i], 0f);
    }
  }

  @Override
  public void intervalRelu(int n, float[] c, int cOff, float[] r, int rOff) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector half = FloatVector.broadcast(S, 0.5f);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector cv = FloatVector.fromArray(S, c, cOff + i);
      FloatVector rv = FloatVector.fromArray(S, r, rOff + i);
      FloatVector lo = cv.sub(rv).max(zero);
      FloatVector hi = cv.add(rv).max(zero);
      half.mul(lo.add(hi)).intoArray(c, cOff + i);
      half.mul(hi.sub(lo)).intoArray(r, rOff + i);
    }
    for (; i < n; i++) {
      float lo = Math.max(c[cOff + i] - r[rOff + i], 0f);
      float hi = Math.max(c[cOff + i] + r[rOff + i], 0f);
      c[cOff + i] = 0.5f * (lo + hi);
      r[rOff + i] = 0.5f * (hi - lo);
    }
  }

  @Override
  public void reluDropout(int n, float[] x, int off, int key, int threshold, float keep) {
    FloatVector zero = FloatVector.zero(S);
    IntVector keepBits = IntVector.broadcast(SI, Float.floatToRawIntBits(keep));
    IntVector limit = IntVector.broadcast(SI, threshold - 1);
    // counters key + i * GOLDEN32 for the lanes of the first vector, then a step of L per vector
    IntVector counter = IntVector.fromArray(SI, LANE_GOLDEN, 0).add(key);
    IntVector step = IntVector.broadcast(SI, L * Rng.GOLDEN32);
    int i = 0;
    for (; i + L <= n; i += L) {
      IntVector h = counter.lanewise(VectorOperators.XOR, counter.lanewise(VectorOperators.LSHR, 16));
      h = h.mul(0x7FEB352D);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 15));
      h = h.mul(0x846CA68B);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
      // all ones where the top 16 bits reach the threshold (threshold - 1 - draw < 0), else zero;
      // masking keep's bits with it gives keep or 0.0f without a mask register or a conversion
      IntVector kept = limit.sub(h.lanewise(VectorOperators.LSHR, 16)).lanewise(VectorOperators.ASHR, 31);
      FloatVector scale = kept.and(keepBits).reinterpretAsFloats();
      FloatVector.fromArray(S, x, off + i).max(zero).mul(scale).intoArray(x, off + i);
      counter = counter.add(step);
    }
    for (; i < n; i++) {
      boolean kept = Rng.hash32(key + i * Rng.GOLDEN32) >>> 16 >= threshold;
      x[off + i] = Math.max(x[off + i], 0f) * (kept ? keep : 0f);
    }
  }

  @Override
  public void reluBackward(int n, float[] a, int aOff, float[] d, int dOff, float keep) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector k = FloatVector.broadcast(S, keep);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector av = FloatVector.fromArray(S, a, aOff + i);
      FloatVector dv = FloatVector.fromArray(S, d, dOff + i).mul(k);
      zero.blend(dv, av.compare(VectorOperators.GT, 0f)).intoArray(d, dOff + i);
    }
    for (; i < n; i++) {
      d[dOff + i] = a[aOff + i] > 0 ? d[dOff + i] * keep : 0f;
    }
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    FloatVector va = FloatVector.broadcast(S, alpha);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector vy = FloatVector.fromArray(S, y, yOff + i);
      va.fma(FloatVector.fromArray(S, x, xOff + i), vy).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }
  }

  @Override
  public void columnSum(int rows, int cols, float[] x, int xOff, int stride, float[] out, int outOff) {
    int c = 0;
    // four vectors of columns held in registers down all the rows (an axpy per row loaded and
    // stored the sums once a row)
    for (; c + 4 * L <= cols; c += 4 * L) {
      FloatVector s0 = FloatVector.fromArray(S, out, outOff + c);
      FloatVector s1 = FloatVector.fromArray(S, out, outOff + c + L);
      FloatVector s2 = FloatVector.fromArray(S, out, outOff + c + 2 * L);
      FloatVector s3 = FloatVector.fromArray(S, out, outOff + c + 3 * L);
      for (int r = 0, at = xOff + c; r < rows; r++, at += stride) {
        s0 = s0.add(FloatVector.fromArray(S, x, at));
        s1 = s1.add(FloatVector.fromArray(S, x, at + L));
        s2 = s2.add(FloatVector.fromArray(S, x, at + 2 * L));
        s3 = s3.add(FloatVector.fromArray(S, x, at + 3 * L));
      }
      s0.intoArray(out, outOff + c);
      s1.intoArray(out, outOff + c + L);
      s2.intoArray(out, outOff + c + 2 * L);
      s3.intoArray(out, outOff + c + 3 * L);
    }
    for (; c + L <= cols; c += L) {
      FloatVector s0 = FloatVector.fromArray(S, out, outOff + c);
      for (int r = 0, at = xOff + c; r < rows; r++, at += stride) {
        s0 = s0.add(FloatVector.fromArray(S, x, at));
      }
      s0.intoArray(out, outOff + c);
    }
    for (; c < cols; c++) {
      float s0 = out[outOff + c];
      for (int r = 0, at = xOff + c; r < rows; r++, at += stride) {
        s0 += x[at];
      }
      out[outOff + c] = s0;
    }
  }

  @Override
  public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i + L <= n; i += L) {
      acc = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), acc);
    }
    float s = laneSum(acc);
    for (; i < n; i++) {
      s = Math.fma(x[xOff + i], y[yOff + i], s);
    }
    return s;
  }

  @Override
  public void adam(int off, int n, float[] p, float[] g, float[] m, float[] v, float beta1,
      float beta2, float stepSize, float sqrtBc2, float eps, float weightDecay) {
    FloatVector vb1 = FloatVector.broadcast(S, beta1);
    FloatVector vb1c = FloatVector.broadcast(S, 1 - beta1);
    FloatVector vb2 = FloatVector.broadcast(S, beta2);
    FloatVector vb2c = FloatVector.broadcast(S, 1 - beta2);
    FloatVector vwd = FloatVector.broadcast(S, weightDecay);
    FloatVector vstep = FloatVector.broadcast(S, stepSize);
    FloatVector vbc = FloatVector.broadcast(S, sqrtBc2);
    FloatVector veps = FloatVector.broadcast(S, eps);
    FloatVector vzero = FloatVector.zero(S);
    int i = off;
    int end = off + n;
    for (; i + L <= end; i += L) {
      FloatVector pi = FloatVector.fromArray(S, p, i);
      FloatVector gi = vwd.fma(pi, FloatVector.fromArray(S, g, i));
      vzero.intoArray(g, i);
      FloatVector mi = vb1.mul(FloatVector.fromArray(S, m, i)).add(vb1c.mul(gi));
      FloatVector vi = vb2.mul(FloatVector.fromArray(S, v, i)).add(vb2c.mul(gi).mul(gi));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector denom = vi.sqrt().div(vbc).add(veps);
      pi.sub(vstep.mul(mi).div(denom)).intoArray(p, i);
    }
    for (; i < end; i++) {
      float gi = g[i] + weightDecay * p[i];
      g[i] = 0f;
      float mi = beta1 * m[i] + (1 - beta1) * gi;
      float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
    }
  }
}
