package dev.deepfm.core.util;

/** A stable merge sort of index arrays by a long key, without boxing. */
public final class StableSort {
  private StableSort() {}

  /**
   * Sorts {@code idx[from..to)} by {@code key[idx[i]]} ascending; equal keys keep their order.
   */
  public static void byKey(int[] idx, int from, int to, long[] key) {
    int n = to - from;
    if (n < 2) {
      return;
    }
    int[] tmp = new int[n];
    sort(idx, tmp, from, to, key);
  }

  private static void sort(int[] a, int[] tmp, int from, int to, long[] key) {
    int n = to - from;
    if (n <= 16) {
      for (int i = from + 1; i < to; i++) {
        int v = a[i];
        long k = key[v];
        int j = i - 1;
        while (j >= from && key[a[j]] > k) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    sort(a, tmp, from, mid, key);
    sort(a, tmp, mid, to, key);
    if (key[a[mid - 1]] <= key[a[mid]]) {
      return;
    }
    int i = from;
    int j = mid;
    int w = 0;
    while (i < mid && j < to) {
      tmp[w++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
    }
    while (i < mid) {
      tmp[w++] = a[i++];
    }
    while (j < to) {
      tmp[w++] = a[j++];
    }
    System.arraycopy(tmp, 0, a, from, w);
  }
}
