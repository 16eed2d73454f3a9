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
  private int[] count = new int[0];
  private int[] firstRow = new int[0];

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
   * Like {@link #fill(Batch, int[], int[], float[], int[], int, int, IdMasking, long)}, on a team of
   * threads: examples are copied in parallel (each to offsets known in advance), then rows are
   * grouped field by field in parallel (the rows of two fields never meet). The batch is the same,
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
    if (++stamp == Integer.MAX_VALUE) {
      Arrays.fill(rowStamp, 0);
      stamp = 1;
    }
    ensureGroupArrays(p);
    int[] fieldShare = fieldShares(pool.threads(), n);
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
    // each field's pairs get a contiguous range in field order: its groups' pair lists go there,
    // and its scratch counters too (a field has no more groups than pairs)
    Arrays.fill(fieldPairs, 0, fields, 0);
    for (int b = 0; b < n; b++) {
      for (int f = 0; f < fields; f++) {
        fieldPairs[f] += batch.bagPtr[b * fields + f + 1] - batch.bagPtr[b * fields + f];
      }
    }
    int pairs = 0;
    for (int f = 0; f < fields; f++) {
      fieldPairStart[f] = pairs;
      pairs += fieldPairs[f];
    }
    pool.run((t, threads) -> {
      for (int f = fieldShare[t]; f < fieldShare[t + 1]; f++) {
        numberField(batch, f);
      }
    });
    int groups = 0;
    for (int f = 0; f < fields; f++) {
      batch.fieldGroupStart[f] = groups;
      groups += fieldGroups[f];
    }
    batch.fieldGroupStart[fields] = groups;
    batch.groups = groups;
    batch.groupPairPtr[groups] = pairs;
    pool.run((t, threads) -> {
      for (int f = fieldShare[t]; f < fieldShare[t + 1]; f++) {
        placeField(batch, f);
      }
    });
  }

  private int[] exampleStart = new int[0];
  private int[] fieldGroups = new int[0];
  private int[] fieldPairs = new int[0];
  private int[] fieldPairStart = new int[0];

  private void ensureGroupArrays(int pairs) {
    if (count.length < pairs + 1) {
      count = new int[pairs + 1];
      firstRow = new int[pairs + 1];
    }
    if (fieldGroups.length < fields) {
      fieldGroups = new int[fields];
      fieldPairs = new int[fields];
      fieldPairStart = new int[fields];
    }
  }

  /** Contiguous field ranges per thread, balanced by the fields' pair counts in this batch. */
  private int[] fieldShares(int threads, int n) {
    int[] share = new int[threads + 1];
    long total = 0;
    long[] cum = new long[fields + 1];
    for (int f = 0; f < fields; f++) {
      // pair counts per field are only known after the copy; weight by examples, fine for categorical data
      cum[f + 1] = cum[f] + n;
      total += n;
    }
    int f = 0;
    for (int t = 1; t < threads; t++) {
      long target = total * t / threads;
      while (f < fields && cum[f] < target) {
        f++;
      }
      share[t] = f;
    }
    share[threads] = fields;
    return share;
  }

  /**
   * Numbers field f's distinct rows in order of first appearance (local numbers, kept in
   * {@code rowGroup}); counts the field's groups and pairs.
   */
  private void numberField(Batch batch, int f) {
    int groups = 0;
    // local group g of field f is kept at index base + g of the scratch arrays: the field's own range
    int base = fieldPairStart[f];
    for (int b = 0; b < batch.size; b++) {
      int bi = b * fields + f;
      for (int q = batch.bagPtr[bi], end = batch.bagPtr[bi + 1]; q < end; q++) {
        int r = batch.pairRow[q];
        int g;
        if (rowStamp[r] != stamp) {
          rowStamp[r] = stamp;
          g = groups++;
          rowGroup[r] = g;
          firstRow[base + g] = r;
          count[base + g] = 0;
        } else {
          g = rowGroup[r];
        }
        batch.pairGroup[q] = g;
        count[base + g]++;
      }
    }
    fieldGroups[f] = groups;
  }

  /** Gives field f's groups their global numbers and lists their pairs, ascending. */
  private void placeField(Batch batch, int f) {
    int base = fieldPairStart[f];
    int g0 = batch.fieldGroupStart[f];
    int groups = fieldGroups[f];
    int at = fieldPairStart[f];
    for (int g = 0; g < groups; g++) {
      batch.groupRow[g0 + g] = firstRow[base + g];
      batch.groupField[g0 + g] = f;
      batch.groupPairPtr[g0 + g] = at;
      int c = count[base + g];
      count[base + g] = at;
      at += c;
    }
    for (int b = 0; b < batch.size; b++) {
      int bi = b * fields + f;
      for (int q = batch.bagPtr[bi], end = batch.bagPtr[bi + 1]; q < end; q++) {
        int local = batch.pairGroup[q];
        int slot = count[base + local]++;
        batch.pairGroup[q] = g0 + local;
        batch.groupPairs[slot] = q;
        batch.groupPairExample[slot] = b;
        batch.groupPairWeight[slot] = batch.pairWeight[q];
      }
    }
  }

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
