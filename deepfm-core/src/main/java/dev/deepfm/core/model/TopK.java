package dev.deepfm.core.model;

/**
 * Selects the K best candidates without sorting them all: a size-K heap whose root is the worst
 * kept candidate. The order is total and documented: a higher score ranks first; equal scores rank
 * the lower item index first; NaN ranks as negative infinity. So a ranking never depends on thread
 * timing or on the order candidates are offered in.
 */
public final class TopK {
  private final int capacity;
  private final int[] heapItem;
  private final float[] heapScore;
  private int size;

  /** A selector of up to {@code k} items. */
  public TopK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.capacity = k;
    this.heapItem = new int[k];
    this.heapScore = new float[k];
  }

  /** True if (scoreA, itemA) ranks before (scoreB, itemB). */
  public static boolean before(float scoreA, int itemA, float scoreB, int itemB) {
    return scoreA > scoreB || (scoreA == scoreB && itemA < itemB);
  }

  /**
   * Ranks {@code items[j]} with {@code scores[j]} for j in [0, n) and writes the best
   * {@code min(k, n)} items, best first, to {@code out}; returns how many.
   */
  public int select(int[] items, float[] scores, int n, int[] out) {
    clear();
    for (int j = 0; j < n; j++) {
      offer(items[j], scores[j]);
    }
    return drain(out, null);
  }

  /** Forgets every offered candidate. */
  public void clear() {
    size = 0;
  }

  /** Offers one candidate; it is kept if it ranks among the best {@code k} offered so far. */
  public void offer(int item, float score) {
    float s = score != score ? Float.NEGATIVE_INFINITY : score;
    if (size < capacity) {
      heapItem[size] = item;
      heapScore[size] = s;
      siftUp(size++);
    } else if (before(s, item, heapScore[0], heapItem[0])) {
      heapItem[0] = item;
      heapScore[0] = s;
      siftDown(0);
    }
  }

  /** True once {@code k} candidates are kept, so that {@link #worstScore} bounds any newcomer. */
  public boolean full() {
    return size == capacity;
  }

  /**
   * The lowest kept score (NaN read as negative infinity); only a candidate scoring at least this
   * can still enter once {@link #full}.
   */
  public float worstScore() {
    if (size == 0) {
      throw new IllegalStateException("no candidate offered");
    }
    return heapScore[0];
  }

  /**
   * Writes the kept candidates best first to {@code items} and, if not null, their scores (NaN
   * read as negative infinity) to {@code scores}; returns how many, and empties the selector.
   */
  public int drain(int[] items, float[] scores) {
    int count = size;
    for (int i = count - 1; i >= 0; i--) {
      items[i] = heapItem[0];
      if (scores != null) {
        scores[i] = heapScore[0];
      }
      heapItem[0] = heapItem[size - 1];
      heapScore[0] = heapScore[size - 1];
      size--;
      siftDown(0);
    }
    return count;
  }

  private boolean worse(int a, int b) {
    return before(heapScore[b], heapItem[b], heapScore[a], heapItem[a]);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(i, parent)) {
        break;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int w = l;
      if (l + 1 < size && worse(l + 1, l)) {
        w = l + 1;
      }
      if (!worse(w, i)) {
        return;
      }
      swap(i, w);
      i = w;
    }
  }

  private void swap(int a, int b) {
    int ti = heapItem[a];
    heapItem[a] = heapItem[b];
    heapItem[b] = ti;
    float ts = heapScore[a];
    heapScore[a] = heapScore[b];
    heapScore[b] = ts;
  }
}
