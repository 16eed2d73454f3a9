package dev.deepfm.core.nn;

import dev.deepfm.core.data.Batch;

/**
 * The linear part of a factorization machine: {@code y_b = sum_{pairs p of b} w_p * v[row_p]}, a
 * scalar weight per embedding row. Backward: {@code dv[row_p] += w_p * dy_b}.
 */
public final class FirstOrder {
  private FirstOrder() {}

  /** Adds each example's first-order term to {@code y}. */
  public static void forward(Batch batch, float[] p, int vOff, float[] y) {
    for (int q = 0; q < batch.pairs; q++) {
      y[batch.pairExample[q]] += batch.pairWeight[q] * p[vOff + batch.pairRow[q]];
    }
  }

  /** Accumulates the weights' gradient. */
  public static void backward(Batch batch, float[] dy, float[] g, int vOff) {
    for (int q = 0; q < batch.pairs; q++) {
      g[vOff + batch.pairRow[q]] += batch.pairWeight[q] * dy[batch.pairExample[q]];
    }
  }
}
