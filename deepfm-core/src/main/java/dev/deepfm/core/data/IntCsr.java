package dev.deepfm.core.data;

import java.util.Arrays;

/**
 * Compressed rows of sorted ints: row {@code r} holds {@code values[ptr[r] .. ptr[r+1])} in
 * increasing order. Used for each user's items (training positives, all positives), so membership
 * is a binary search and memory is one int per interaction.
 */
public final class IntCsr {
  private final int[] ptr;
  private final int[] values;

  private IntCsr(int[] ptr, int[] values) {
    this.ptr = ptr;
    this.values = values;
  }

  /** Groups {@code value[i]} by {@code row[i]} into {@code rows} sorted, de-duplicated rows. */
  public static IntCsr of(int rows, int[] row, int[] value, int n) {
    int[] count = new int[rows + 1];
    for (int i = 0; i < n; i++) {
      count[row[i] + 1]++;
    }
    for (int r = 0; r < rows; r++) {
      count[r + 1] += count[r];
    }
    int[] out = new int[n];
    int[] fill = Arrays.copyOf(count, rows);
    for (int i = 0; i < n; i++) {
      out[fill[row[i]]++] = value[i];
    }
    int[] ptr = new int[rows + 1];
    int w = 0;
    for (int r = 0; r < rows; r++) {
      int from = count[r];
      int to = count[r + 1];
      Arrays.sort(out, from, to);
      ptr[r] = w;
      for (int i = from; i < to; i++) {
        if (i == from || out[i] != out[i - 1]) {
          out[w++] = out[i];
        }
      }
    }
    ptr[rows] = w;
    return new IntCsr(ptr, Arrays.copyOf(out, w));
  }

  /** Rebuilds rows from their arrays (as written by a model file), checking them. */
  public static IntCsr fromArrays(int[] ptr, int[] values) {
    if (ptr.length < 1 || ptr[0] != 0 || ptr[ptr.length - 1] != values.length) {
      throw new IllegalArgumentException("row offsets are inconsistent");
    }
    for (int r = 0; r + 1 < ptr.length; r++) {
      if (ptr[r + 1] < ptr[r]) {
        throw new IllegalArgumentException("row offsets decrease at " + r);
      }
      for (int i = ptr[r] + 1; i < ptr[r + 1]; i++) {
        if (values[i] <= values[i - 1]) {
          throw new IllegalArgumentException("row " + r + " is not sorted and distinct");
        }
      }
    }
    return new IntCsr(ptr.clone(), values.clone());
  }

  /** Row offsets, {@code rows() + 1} entries (do not modify). */
  public int[] ptr() {
    return ptr;
  }

  /** Number of rows. */
  public int rows() {
    return ptr.length - 1;
  }

  /** Start of row {@code r} in {@link #values()}. */
  public int start(int r) {
    return ptr[r];
  }

  /** End (exclusive) of row {@code r}. */
  public int end(int r) {
    return ptr[r + 1];
  }

  /** Length of row {@code r}. */
  public int length(int r) {
    return ptr[r + 1] - ptr[r];
  }

  /** All values, row after row (do not modify). */
  public int[] values() {
    return values;
  }

  /** Row {@code r} as a new array. */
  public int[] row(int r) {
    return Arrays.copyOfRange(values, ptr[r], ptr[r + 1]);
  }

  /** True if row {@code r} holds {@code v}. */
  public boolean contains(int r, int v) {
    return Arrays.binarySearch(values, ptr[r], ptr[r + 1], v) >= 0;
  }

  /** Total number of values. */
  public int size() {
    return values.length;
  }
}
