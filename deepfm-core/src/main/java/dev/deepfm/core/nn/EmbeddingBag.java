package dev.deepfm.core.nn;

import dev.deepfm.core.data.Batch;

/**
 * Looks up each field's embedding: {@code x[b][f*k + j] = sum_{p in bag(b,f)} w_p E[row_p][j]}
 * (one row for a categorical field, the mean of its rows for a multi-valued one, the scaled row for
 * a numeric one). Backward scatters {@code dE[row_p] += w_p dx[b][f*k ..]}.
 */
public final class EmbeddingBag {
  private EmbeddingBag() {}

  /** Fills {@code x} ({@code size x fields*k}) from the table at {@code eOff}. */
  public static void forward(Batch batch, float[] p, int eOff, int k, float[] x) {
    int fields = batch.fields;
    for (int b = 0; b < batch.size; b++) {
      for (int f = 0; f < fields; f++) {
        int xo = (b * fields + f) * k;
        for (int j = 0; j < k; j++) {
          x[xo + j] = 0f;
        }
        for (int q = batch.bagStart(b, f); q < batch.bagEnd(b, f); q++) {
          float w = batch.pairWeight[q];
          int eo = eOff + batch.pairRow[q] * k;
          for (int j = 0; j < k; j++) {
            x[xo + j] += w * p[eo + j];
          }
        }
      }
    }
  }

  /** Accumulates the table's gradient from {@code dx}. */
  public static void backward(Batch batch, float[] dx, int k, float[] g, int eOff) {
    int fields = batch.fields;
    for (int b = 0; b < batch.size; b++) {
      for (int f = 0; f < fields; f++) {
        int xo = (b * fields + f) * k;
        for (int q = batch.bagStart(b, f); q < batch.bagEnd(b, f); q++) {
          float w = batch.pairWeight[q];
          int eo = eOff + batch.pairRow[q] * k;
          for (int j = 0; j < k; j++) {
            g[eo + j] += w * dx[xo + j];
          }
        }
      }
    }
  }
}
