package dev.deepfm.core.model;

import dev.deepfm.core.kernel.Kernels;
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
  /** Power-iteration steps per split: 4 grouped as well as 20 on ML-100K (2 did worse). */
  private static final int POWER_STEPS = 4;

  /** Item indices, block by block. */
  final int[] order;
  /** Block b holds {@code order[start[b] .. start[b + 1])}. */
  final int[] start;
  /** Elementwise minimum and maximum of the blocks' item parts: blocks x width each. */
  final float[] lo;
  final float[] hi;

  /** Blocks over the {@code n} rows of {@code parts} (each {@code width} floats). */
  ItemBlocks(float[] parts, int n, int width, Kernels kern) {
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    new Splitter(parts, n, width, kern).split(0, n);
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

  /** The recursive split, with its scratch memory. */
  private final class Splitter {
    private final float[] x;
    private final int width;
    private final Kernels kern;
    /** The current part's rows less their mean, in part order. */
    private final float[] centred;
    private final float[] mean;
    private final float[] v;
    private final float[] next;
    private final long[] keys;

    Splitter(float[] x, int n, int width, Kernels kern) {
      this.x = x;
      this.width = width;
      this.kern = kern;
      centred = new float[n * width];
      mean = new float[width];
      v = new float[width];
      next = new float[width];
      keys = new long[n];
    }

    void split(int from, int to) {
      int size = to - from;
      if (size <= SIZE) {
        return;
      }
      Arrays.fill(mean, 0f);
      for (int j = from; j < to; j++) {
        kern.axpy(width, 1f, x, order[j] * width, mean, 0);
      }
      float inv = 1f / size;
      for (int q = 0; q < width; q++) {
        mean[q] *= inv;
      }
      for (int j = from; j < to; j++) {
        int src = order[j] * width;
        int dst = (j - from) * width;
        for (int q = 0; q < width; q++) {
          centred[dst + q] = x[src + q] - mean[q];
        }
      }
      // the principal axis by power iteration, from the first item's offset (deterministic)
      System.arraycopy(centred, 0, v, 0, width);
      if (!(kern.dot(width, v, 0, v, 0) > 0)) {
        Arrays.fill(v, 1f);
      }
      for (int step = 0; step < POWER_STEPS; step++) {
        Arrays.fill(next, 0f);
        for (int j = 0; j < size; j++) {
          kern.axpy(width, kern.dot(width, centred, j * width, v, 0), centred, j * width, next, 0);
        }
        float norm = (float) Math.sqrt(kern.dot(width, next, 0, next, 0));
        if (!(norm > 0) || Float.isInfinite(norm)) {
          break;
        }
        for (int q = 0; q < width; q++) {
          v[q] = next[q] / norm;
        }
      }
      // sort the part by its projection (ties and NaN by item index: a total, fixed order)
      for (int j = from; j < to; j++) {
        keys[j] = ((long) sortable(kern.dot(width, centred, (j - from) * width, v, 0)) << 32) | order[j];
      }
      Arrays.sort(keys, from, to);
      for (int j = from; j < to; j++) {
        order[j] = (int) keys[j];
      }
      int half = (((size + SIZE - 1) / SIZE + 1) / 2) * SIZE;
      split(from, from + half);
      split(from + half, to);
    }
  }

  /** An int whose signed order is the float order (NaN above everything). */
  static int sortable(float f) {
    int bits = Float.floatToIntBits(f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }
}
