package dev.deepfm.core.data;

import dev.deepfm.core.util.WorkerPool;
import java.util.Arrays;

/**
 * Compiles (user, item, label) examples into a {@link Batch}: concatenates the user's and the
 * item's feature pairs and groups the pairs by row. Holds three ints per embedding row to find
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
  /** Pairs of each row in the current batch (valid where the row's stamp is current). */
  private final int[] rowPairs;
  /** Both tables one-hot: every example has one pair per field, so its pairs sit at fixed offsets. */
  private final boolean oneHot;
  /** Schema field of each of an example's pairs in the one-hot case. */
  private final int[] slotField;
  private int stamp;
  /** Per group: its pair count, then its next free slot in the pair lists. */
  private int[] count = new int[0];
  /** The first pair of each distinct row, in order of appearance. */
  private int[] firstSeen = new int[0];
  /** One-hot grouping: each field slot's distinct rows in order (n entries per slot). */
  private int[] slotRows = new int[0];
  /** One-hot grouping: each field slot's group number (local to its field) for each example. */
  private int[] slotGroup = new int[0];
  /** One-hot grouping: each field's number of groups. */
  private final int[] fieldGroups;
  /** The general path: each example's first pair. */
  private int[] exampleStart = new int[0];

  /** A builder over the given tables; rows are numbered below {@code totalRows}. */
  public BatchBuilder(FeatureTable users, FeatureTable items, int totalRows) {
    this(users, items, totalRows, true);
  }

  /** As above; {@code oneHotPath} false forces the general path (tests compare the two). */
  BatchBuilder(FeatureTable users, FeatureTable items, int totalRows, boolean oneHotPath) {
    this.users = users;
    this.items = items;
    this.fields = users.fieldCount() + items.fieldCount();
    this.rowStamp = new int[totalRows];
    this.rowGroup = new int[totalRows];
    this.rowPairs = new int[totalRows];
    this.slotField = new int[fields];
    this.fieldGroups = new int[fields];
    boolean[] seen = new boolean[fields];
    boolean permutation = true;
    for (int s = 0; s < fields; s++) {
      slotField[s] = s < users.fieldCount() ? users.field(s) : items.field(s - users.fieldCount());
      permutation &= slotField[s] < fields && !seen[slotField[s]];
      if (permutation) {
        seen[slotField[s]] = true;
      }
    }
    // the one-hot path lays field f's pairs out as the f-th run of a batch's n, so the two tables'
    // fields must be the schema's fields 0..fields-1, each once (as every dataset here makes them)
    this.oneHot = oneHotPath && permutation && users.oneHot() && items.oneHot();
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
   * to offsets known in advance. When both tables are one-hot (every field categorical) only the
   * rows are copied from them: the rest follows from each pair's position, and rows are grouped
   * field by field on the threads ({@link #groupOneHot}). Otherwise they are grouped in two
   * sequential passes over the pairs ({@link #group}). The batch is the same, entry for entry,
   * whatever the number of threads.
   */
  public void fill(Batch batch, int[] user, int[] item, float[] label, int[] order, int from,
      int to, IdMasking masking, long maskSeed, WorkerPool pool) {
    int n = to - from;
    if (n > batch.capacity) {
      throw new IllegalArgumentException("batch of " + n + " exceeds capacity " + batch.capacity);
    }
    batch.size = n;
    for (int b = 0; b < n; b++) {
      int e = order == null ? from + b : order[from + b];
      batch.user[b] = user[e];
      batch.item[b] = item[e];
      batch.label[b] = label[e];
    }
    int p = oneHot ? n * fields : pairOffsets(batch, n);
    batch.pairs = p;
    batch.oneHot = oneHot;
    batch.bagPtr[n * fields] = p;
    pool.run((t, threads) -> {
      int b0 = WorkerPool.share(n, t, threads);
      int b1 = WorkerPool.share(n, t + 1, threads);
      if (oneHot) {
        appendOneHot(batch, b0, b1);
      } else {
        int uf = users.fieldCount();
        for (int b = b0; b < b1; b++) {
          int q = append(batch, users, batch.user[b], b, exampleStart[b], b * fields);
          append(batch, items, batch.item[b], b, q, b * fields + uf);
        }
      }
      if (masking != null) {
        masking.apply(batch, maskSeed, b0, b1);
      }
    });
    if (oneHot) {
      groupOneHot(batch, n, pool);
    } else {
      group(batch, p);
    }
  }

  /**
   * Groups the batch's {@code pairs} pairs by row, in two passes over the pairs. Pass 1 numbers each
   * field's distinct rows in order of first appearance (pairs are example-major, so a scan in pair
   * order meets them in that order), counts each row's pairs and lists the new rows; the groups are
   * then laid out field by field from that list, in time linear in the groups. Pass 2 makes the
   * numbers global and lists each group's pairs, ascending, by a counting sort.
   */
  private void group(Batch batch, int pairs) {
    nextStamp();
    if (count.length < pairs + 1) {
      count = new int[pairs + 1];
      firstSeen = new int[pairs + 1];
    }
    int[] pairRow = batch.pairRow;
    int[] pairField = batch.pairField;
    int[] pairGroup = batch.pairGroup;
    // field f's group count is tallied in entry f + 1, then a prefix sum makes the entries starts
    int[] fieldStart = batch.fieldGroupStart;
    Arrays.fill(fieldStart, 0, fields + 1, 0);
    int seen = 0;
    for (int q = 0; q < pairs; q++) {
      int r = pairRow[q];
      int g;
      if (rowStamp[r] != stamp) {
        rowStamp[r] = stamp;
        // a row belongs to one field, so its local number is that field's next
        g = fieldStart[pairField[q] + 1]++;
        rowGroup[r] = g;
        rowPairs[r] = 1;
        firstSeen[seen++] = q;
      } else {
        g = rowGroup[r];
        rowPairs[r]++;
      }
      pairGroup[q] = g;
    }
    for (int f = 0; f < fields; f++) {
      fieldStart[f + 1] += fieldStart[f];
    }
    int groups = fieldStart[fields];
    batch.groups = groups;
    for (int i = 0; i < seen; i++) {
      int q = firstSeen[i];
      int r = pairRow[q];
      int g = fieldStart[pairField[q]] + rowGroup[r];
      batch.groupRow[g] = r;
      batch.groupField[g] = pairField[q];
      count[g] = rowPairs[r];
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
      int g = fieldStart[pairField[q]] + pairGroup[q];
      pairGroup[q] = g;
      int slot = count[g]++;
      groupPairs[slot] = q;
      groupPairExample[slot] = pairExample[q];
      groupPairWeight[slot] = pairWeight[q];
    }
  }

  /**
   * {@link #group} for one-hot tables, field by field over a team of threads: each field has one
   * pair per example, at a known offset, and its rows are its own, so fields can be numbered and
   * listed independently. Gives the same groups as {@link #group}.
   */
  private void groupOneHot(Batch batch, int n, WorkerPool pool) {
    nextStamp();
    if (slotRows.length < fields * n) {
      slotRows = new int[fields * batch.capacity];
      slotGroup = new int[fields * batch.capacity];
    }
    if (count.length < fields * n + 1) {
      count = new int[fields * batch.capacity + 1];
    }
    int[] fieldStart = batch.fieldGroupStart;
    pool.run((t, threads) -> {
      for (int s = WorkerPool.share(fields, t, threads); s < WorkerPool.share(fields, t + 1, threads); s++) {
        numberSlot(batch, n, s);
      }
    });
    fieldStart[0] = 0;
    for (int f = 0; f < fields; f++) {
      fieldStart[f + 1] = fieldStart[f] + fieldGroups[f];
    }
    batch.groups = fieldStart[fields];
    batch.groupPairPtr[batch.groups] = fields * n;
    // each thread lists its fields' groups, then writes its examples' group numbers (threads
    // writing interleaved entries of the example-major pairGroup would share cache lines)
    pool.run((t, threads) -> {
      for (int s = WorkerPool.share(fields, t, threads); s < WorkerPool.share(fields, t + 1, threads); s++) {
        listSlot(batch, n, s);
      }
      int[] pairGroup = batch.pairGroup;
      for (int b = WorkerPool.share(n, t, threads); b < WorkerPool.share(n, t + 1, threads); b++) {
        for (int s = 0; s < fields; s++) {
          pairGroup[b * fields + s] = fieldStart[slotField[s]] + slotGroup[s * n + b];
        }
      }
    });
  }

  /** Numbers field slot s's distinct rows in order of first appearance and counts their pairs. */
  private void numberSlot(Batch batch, int n, int s) {
    int[] pairRow = batch.pairRow;
    int base = s * n;
    int c = 0;
    for (int b = 0, q = s; b < n; b++, q += fields) {
      int r = pairRow[q];
      if (rowStamp[r] != stamp) {
        rowStamp[r] = stamp;
        rowGroup[r] = c;
        rowPairs[r] = 1;
        slotRows[base + c] = r;
        slotGroup[base + b] = c++;
      } else {
        slotGroup[base + b] = rowGroup[r];
        rowPairs[r]++;
      }
    }
    fieldGroups[slotField[s]] = c;
  }

  /** Lays out field slot s's groups (its pairs are the f-th run of n) and lists their pairs. */
  private void listSlot(Batch batch, int n, int s) {
    int f = slotField[s];
    int start = batch.fieldGroupStart[f];
    int groups = fieldGroups[f];
    int[] ptr = batch.groupPairPtr;
    int at = f * n;
    for (int i = 0; i < groups; i++) {
      int g = start + i;
      int r = slotRows[s * n + i];
      batch.groupRow[g] = r;
      batch.groupField[g] = f;
      ptr[g] = at;
      count[g] = at;
      at += rowPairs[r];
    }
    int[] groupPairs = batch.groupPairs;
    int[] groupPairExample = batch.groupPairExample;
    float[] groupPairWeight = batch.groupPairWeight;
    for (int b = 0, q = s; b < n; b++, q += fields) {
      int slot = count[start + slotGroup[s * n + b]]++;
      groupPairs[slot] = q;
      groupPairExample[slot] = b;
      groupPairWeight[slot] = 1f;
    }
  }

  /** A new stamp, so that no row counts as seen in this batch yet. */
  private void nextStamp() {
    if (++stamp == Integer.MAX_VALUE) {
      Arrays.fill(rowStamp, 0);
      stamp = 1;
    }
  }

  /** Each example's first pair, a prefix sum of its user's and item's pair counts; returns the total. */
  private int pairOffsets(Batch batch, int n) {
    if (exampleStart.length < n + 1) {
      exampleStart = new int[n + 1];
    }
    int uf = users.fieldCount();
    int itf = items.fieldCount();
    int[] uptr = users.ptr();
    int[] iptr = items.ptr();
    int p = 0;
    for (int b = 0; b < n; b++) {
      int u = batch.user[b];
      int it = batch.item[b];
      exampleStart[b] = p;
      p += uptr[(u + 1) * uf] - uptr[u * uf] + iptr[(it + 1) * itf] - iptr[it * itf];
    }
    exampleStart[n] = p;
    return p;
  }

  /**
   * Examples [b0, b1) of one-hot tables: pair {@code b * fields + s} is field slot s, so only the
   * rows are read from the tables (one short run each for the user and the item); the fields, weights
   * and bag offsets follow from the position. Same entries as {@link #append}.
   */
  private void appendOneHot(Batch batch, int b0, int b1) {
    int uf = users.fieldCount();
    int itf = items.fieldCount();
    int[] urows = users.rows();
    int[] irows = items.rows();
    int[] pairRow = batch.pairRow;
    int[] pairField = batch.pairField;
    int[] pairExample = batch.pairExample;
    int[] bagPtr = batch.bagPtr;
    // the rows first, in a loop short enough that the processor overlaps many examples' table reads
    for (int b = b0; b < b1; b++) {
      int q = b * fields;
      int u = batch.user[b] * uf;
      for (int s = 0; s < uf; s++) {
        pairRow[q + s] = urows[u + s];
      }
      int it = batch.item[b] * itf;
      for (int s = 0; s < itf; s++) {
        pairRow[q + uf + s] = irows[it + s];
      }
    }
    for (int b = b0; b < b1; b++) {
      int q = b * fields;
      for (int s = 0; s < fields; s++) {
        pairField[q + s] = slotField[s];
        pairExample[q + s] = b;
        bagPtr[q + s] = q + s;
      }
    }
    Arrays.fill(batch.pairWeight, b0 * fields, b1 * fields, 1f);
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
