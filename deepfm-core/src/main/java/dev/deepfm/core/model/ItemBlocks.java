package dev.deepfm.core.model;

import java.util.Arrays;

/**
 * The catalogue cut into small blocks of items whose first-layer parts are alike, with each
 * block's elementwise range of those parts: what {@link SplitScorer} bounds a whole block's scores
 * with before scoring any of its items.
 *
 * <p>Blocks come from splitting the items in two along their principal axis (at a multiple of the
 * block size), again and again, until a part holds one block. Similar items share a block, so a
 * block's ranges stay narrow and its bound tight. The grouping only decides how much work the
 * bounds save, never a result.
 */
final class ItemBlocks {
  /** Items per block: measured on ML-100K, 4 and 16 left more work than 8. */
  static final int SIZE = 8;
  private static final int POWER_STEPS = 8;

  /** Item indices, block by block. */
  final int[] order;
  /** Block b holds {@code order[start[b] .. start[b + 1])}. */
  final int[] start;
  /** Elementwise minimum and maximum of the blocks' item parts: blocks x width each. */
  final float[] lo;
  final float[] hi;
  final int width;

  /** Blocks over the {@code n} rows of {@code parts} (each {@code width} floats). */
  ItemBlocks(float[] parts, int n, int width) {
    this.width = width;
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] mean = new double[width];
    double[] v = new double[width];
    double[] next = new double[width];
    long[] keys = new long[n];
    split(parts, 0, n, mean, v, next, keys);
    int blocks = (n + SIZE - 1) / SIZE;
    start = new int[blocks + 1];
    for (int b = 0; b <= blocks; b++) {
      start[b] = Math.min(n, b * SIZE);
    }
    lo = new float[blocks * width];
    hi = new float[blocks * width];
    Arrays.fill(lo, Float.POSITIVE_INFINITY);
    Arrays.fill(hi, Float.NEGATIVE_INFINITY);
    for (int b = 0; b < blocks; b++) {
      for (int j = start[b]; j < start[b + 1]; j++) {
        int src = order[j] * width;
        for (int q = 0; q < width; q++) {
          lo[b * width + q] = Math.min(lo[b * width + q], parts[src + q]);
          hi[b * width + q] = Math.max(hi[b * width + q], parts[src + q]);
        }
      }
    }
  }

  /** Number of blocks. */
  int count() {
    return start.length - 1;
  }

  private void split(float[] x, int from, int to, double[] mean, double[] v, double[] next, long[] keys) {
    int size = to - from;
    if (size <= SIZE) {
      return;
    }
    Arrays.fill(mean, 0);
    for (int j = from; j < to; j++) {
      for (int q = 0; q < width; q++) {
        mean[q] += x[order[j] * width + q];
      }
    }
    for (int q = 0; q < width; q++) {
      mean[q] /= size;
    }
    // the principal axis by power iteration, from the first item's offset (deterministic)
    boolean any = false;
    for (int q = 0; q < width; q++) {
      v[q] = x[order[from] * width + q] - mean[q];
      any |= v[q] != 0;
    }
    if (!any) {
      Arrays.fill(v, 1);
    }
    for (int step = 0; step < POWER_STEPS; step++) {
      Arrays.fill(next, 0);
      for (int j = from; j < to; j++) {
        int src = order[j] * width;
        double d = 0;
        for (int q = 0; q < width; q++) {
          d += (x[src + q] - mean[q]) * v[q];
        }
        for (int q = 0; q < width; q++) {
          next[q] += d * (x[src + q] - mean[q]);
        }
      }
      double norm = 0;
      for (double c : next) {
        norm += c * c;
      }
      if (!(norm > 0) || Double.isInfinite(norm)) {
        break;
      }
      norm = Math.sqrt(norm);
      for (int q = 0; q < width; q++) {
        v[q] = next[q] / norm;
      }
    }
    // sort the part by its projection (ties and NaN by item index: a total, fixed order)
    for (int j = from; j < to; j++) {
      int src = order[j] * width;
      double d = 0;
      for (int q = 0; q < width; q++) {
        d += x[src + q] * v[q];
      }
      keys[j] = ((long) sortable((float) d) << 32) | order[j];
    }
    Arrays.sort(keys, from, to);
    for (int j = from; j < to; j++) {
      order[j] = (int) keys[j];
    }
    int half = (((size + SIZE - 1) / SIZE + 1) / 2) * SIZE;
    split(x, from, from + half, mean, v, next, keys);
    split(x, from + half, to, mean, v, next, keys);
  }

  /** An int whose signed order is the float order (NaN above everything). */
  static int sortable(float f) {
    int bits = Float.floatToIntBits(f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }
}
