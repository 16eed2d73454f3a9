package dev.deepfm.core.data;

import dev.deepfm.core.util.WorkerPool;
import java.util.Arrays;

/**
 * Compiles (user, item, label) examples into a {@link Batch}: concatenates the user's and the
 * item's feature pairs and groups the pairs by row. Holds two ints per embedding row to find
 * distinct rows in time linear in the batch, not in the vocabulary (a stamp marks rows seen in the
 * current batch, so nothing is cleared between batches).
 *
 * <p>Optionally hides ids: with {@link IdMasking}, a field's row is replaced by that field's
 * out-of-vocabulary row for a seeded random share of examples, which teaches the model a row for
 * users or items it has never seen.
 */
public final class BatchBuilder {
  private final FeatureTable users;
  private final FeatureTable items;
  private final int fields;
  private final int[] rowStamp;
  private final int[] rowGroup;
  private int stamp;
  /** Per group: its pair count, then its next free slot in the pair lists. */
  private int[] count = new int[0];

  /** A builder over the given tables; rows are numbered below {@code totalRows}. */
  public BatchBuilder(FeatureTable users, FeatureTable items, int totalRows) {
    this.users = users;
    this.items = items;
    this.fields = users.fieldCount() + items.fieldCount();
    this.rowStamp = new int[totalRows];
    this.rowGroup = new int[totalRows];
  }

  /** A batch workspace big enough for {@code capacity} examples of these tables. */
  public Batch newBatch(int capacity) {
    int maxPairs = capacity * (users.maxPairsPerEntity() + items.maxPairsPerEntity());
    return new Batch(capacity, fields, Math.max(1, maxPairs));
  }

  /**
   * Fills {@code batch} with examples {@code order[from..to)} of the given columns (or
   * {@code from..to} themselves when {@code order} is null).
   *
   * @param masking ids to hide, or null
   * @param maskSeed seed for this batch's hiding decisions
   */
  public void fill(Batch batch, int[] user, int[] item, float[] label, int[] order, int from,
      int to, IdMasking masking, long maskSeed) {
    fill(batch, user, item, label, order, from, to, masking, maskSeed, INLINE);
  }

  /** A pool of one: runs every task on the calling thread. */
  private static final WorkerPool INLINE = new WorkerPool(1);

  /**
   * Like {@link #fill(Batch, int[], int[], float[], int[], int, int, IdMasking, long)}, with the
   * copy of the examples' pairs (and the hiding of ids) split over a team of threads, each example
   * to offsets known in advance. Rows are then grouped in three sequential passes over the pairs,
   * which read and write memory in order (grouping field by field in parallel, as before, cost
   * three times as much: each field's pass strided across every example). The batch is the same,
   * entry for entry, whatever the number of threads.
   */
  public void fill(Batch batch, int[] user, int[] item, float[] label, int[] order, int from,
      int to, IdMasking masking, long maskSeed, WorkerPool pool) {
    int n = to - from;
    if (n > batch.capacity) {
      throw new IllegalArgumentException("batch of " + n + " exceeds capacity " + batch.capacity);
    }
    batch.size = n;
    int uf = users.fieldCount();
    int itf = items.fieldCount();
    int[] uptr = users.ptr();
    int[] iptr = items.ptr();
    // pair offsets of every example: a prefix sum of the user's and the item's pair counts
    if (exampleStart.length < n + 1) {
      exampleStart = new int[n + 1];
    }
    int p = 0;
    for (int b = 0; b < n; b++) {
      int e = order == null ? from + b : order[from + b];
      int u = user[e];
      int it = item[e];
      batch.user[b] = u;
      batch.item[b] = it;
      batch.label[b] = label[e];
      exampleStart[b] = p;
      p += uptr[(u + 1) * uf] - uptr[u * uf] + iptr[(it + 1) * itf] - iptr[it * itf];
    }
    exampleStart[n] = p;
    batch.pairs = p;
    batch.bagPtr[n * fields] = p;
    pool.run((t, threads) -> {
      int b0 = (int) ((long) n * t / threads);
      int b1 = (int) ((long) n * (t + 1) / threads);
      for (int b = b0; b < b1; b++) {
        int q = append(batch, users, batch.user[b], b, exampleStart[b], b * fields);
        append(batch, items, batch.item[b], b, q, b * fields + uf);
      }
      if (masking != null) {
        masking.apply(batch, maskSeed, b0, b1);
      }
    });
    group(batch, p);
  }

  /**
   * Groups the batch's {@code pairs} pairs by row. Pass 1 numbers each field's distinct rows in
   * order of first appearance (pairs are example-major, so a scan in pair order meets them in that
   * order); pass 2 makes the numbers global (field by field) and counts each group's pairs; pass 3
   * lists each group's pairs, ascending, by a counting sort.
   */
  private void group(Batch batch, int pairs) {
    if (++stamp == Integer.MAX_VALUE) {
      Arrays.fill(rowStamp, 0);
      stamp = 1;
    }
    if (count.length < pairs + 1) {
      count = new int[pairs + 1];
    }
    int[] pairRow = batch.pairRow;
    int[] pairField = batch.pairField;
    int[] pairGroup = batch.pairGroup;
    // field f's group count is tallied in entry f + 1, then a prefix sum makes the entries starts
    int[] fieldStart = batch.fieldGroupStart;
    Arrays.fill(fieldStart, 0, fields + 1, 0);
    for (int q = 0; q < pairs; q++) {
      int r = pairRow[q];
      int g;
      if (rowStamp[r] != stamp) {
        rowStamp[r] = stamp;
        // a row belongs to one field, so its local number is that field's next
        g = fieldStart[pairField[q] + 1]++;
        rowGroup[r] = g;
      } else {
        g = rowGroup[r];
      }
      pairGroup[q] = g;
    }
    for (int f = 0; f < fields; f++) {
      fieldStart[f + 1] += fieldStart[f];
    }
    int groups = fieldStart[fields];
    batch.groups = groups;
    Arrays.fill(count, 0, groups, 0);
    for (int q = 0; q < pairs; q++) {
      int g = fieldStart[pairField[q]] + pairGroup[q];
      pairGroup[q] = g;
      if (count[g]++ == 0) {
        batch.groupRow[g] = pairRow[q];
        batch.groupField[g] = pairField[q];
      }
    }
    int[] ptr = batch.groupPairPtr;
    int at = 0;
    for (int g = 0; g < groups; g++) {
      ptr[g] = at;
      int c = count[g];
      count[g] = at;
      at += c;
    }
    ptr[groups] = at;
    int[] groupPairs = batch.groupPairs;
    int[] groupPairExample = batch.groupPairExample;
    float[] groupPairWeight = batch.groupPairWeight;
    int[] pairExample = batch.pairExample;
    float[] pairWeight = batch.pairWeight;
    for (int q = 0; q < pairs; q++) {
      int slot = count[pairGroup[q]]++;
      groupPairs[slot] = q;
      groupPairExample[slot] = pairExample[q];
      groupPairWeight[slot] = pairWeight[q];
    }
  }

  private int[] exampleStart = new int[0];

  /** Copies entity {@code e}'s pairs as example {@code b}'s, from pair {@code p} and bag {@code bag}. */
  private static int append(Batch batch, FeatureTable table, int e, int b, int p, int bag) {
    int[] ptr = table.ptr();
    int nf = table.fieldCount();
    int start = ptr[e * nf];
    int len = ptr[(e + 1) * nf] - start;
    System.arraycopy(table.rows(), start, batch.pairRow, p, len);
    System.arraycopy(table.weights(), start, batch.pairWeight, p, len);
    System.arraycopy(table.pairFields(), start, batch.pairField, p, len);
    Arrays.fill(batch.pairExample, p, p + len, b);
    for (int s = 0; s < nf; s++) {
      batch.bagPtr[bag + s] = p + ptr[e * nf + s] - start;
    }
    return p + len;
  }
}
