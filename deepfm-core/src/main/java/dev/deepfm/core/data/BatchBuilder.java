package dev.deepfm.core.data;

import java.util.Arrays;

/**
 * Compiles (user, item, label) examples into a {@link Batch}: concatenates the user's and the
 * item's feature bags and groups the pairs by row. Holds one int per embedding row to find
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
  private int[] groupCount = new int[0];

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
   * Fills {@code batch} with examples {@code order[from..to)} of the given columns.
   *
   * @param masking ids to hide, or null
   * @param maskSeed seed for this batch's hiding decisions
   */
  public void fill(Batch batch, int[] user, int[] item, float[] label, int[] order, int from,
      int to, IdMasking masking, long maskSeed) {
    int n = to - from;
    if (n > batch.capacity) {
      throw new IllegalArgumentException("batch of " + n + " exceeds capacity " + batch.capacity);
    }
    batch.size = n;
    int p = 0;
    int bag = 0;
    int uf = users.fieldCount();
    int itf = items.fieldCount();
    int[] urows = users.rows();
    float[] uw = users.weights();
    int[] irows = items.rows();
    float[] iw = items.weights();
    for (int b = 0; b < n; b++) {
      int e = order == null ? from + b : order[from + b];
      int u = user[e];
      int it = item[e];
      batch.user[b] = u;
      batch.item[b] = it;
      batch.label[b] = label[e];
      for (int s = 0; s < uf; s++) {
        batch.bagPtr[bag++] = p;
        for (int q = users.bagStart(u, s), end = users.bagEnd(u, s); q < end; q++) {
          batch.pairRow[p] = urows[q];
          batch.pairWeight[p] = uw[q];
          batch.pairExample[p] = b;
          batch.pairField[p] = s;
          p++;
        }
      }
      for (int s = 0; s < itf; s++) {
        batch.bagPtr[bag++] = p;
        for (int q = items.bagStart(it, s), end = items.bagEnd(it, s); q < end; q++) {
          batch.pairRow[p] = irows[q];
          batch.pairWeight[p] = iw[q];
          batch.pairExample[p] = b;
          batch.pairField[p] = uf + s;
          p++;
        }
      }
    }
    batch.bagPtr[bag] = p;
    batch.pairs = p;
    if (masking != null) {
      masking.apply(batch, maskSeed);
    }
    group(batch);
  }

  private void group(Batch batch) {
    if (++stamp == Integer.MAX_VALUE) {
      Arrays.fill(rowStamp, 0);
      stamp = 1;
    }
    if (groupCount.length < batch.pairs + 1) {
      groupCount = new int[batch.pairs + 1];
    }
    int groups = 0;
    int n = batch.size;
    for (int f = 0; f < fields; f++) {
      batch.fieldGroupStart[f] = groups;
      for (int b = 0; b < n; b++) {
        int bi = b * fields + f;
        for (int q = batch.bagPtr[bi], end = batch.bagPtr[bi + 1]; q < end; q++) {
          int r = batch.pairRow[q];
          int g;
          if (rowStamp[r] != stamp) {
            rowStamp[r] = stamp;
            g = groups++;
            rowGroup[r] = g;
            batch.groupRow[g] = r;
            batch.groupField[g] = f;
            groupCount[g] = 0;
          } else {
            g = rowGroup[r];
          }
          batch.pairGroup[q] = g;
          groupCount[g]++;
        }
      }
    }
    batch.fieldGroupStart[fields] = groups;
    batch.groups = groups;
    int acc = 0;
    for (int g = 0; g < groups; g++) {
      batch.groupPairPtr[g] = acc;
      acc += groupCount[g];
      groupCount[g] = batch.groupPairPtr[g];
    }
    batch.groupPairPtr[groups] = acc;
    for (int q = 0; q < batch.pairs; q++) {
      batch.groupPairs[groupCount[batch.pairGroup[q]]++] = q;
    }
  }
}
