package dev.deepfm.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.testing.Batches;
import dev.deepfm.core.testing.TinyData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A compiled batch holds each example's pairs and groups them by row consistently. */
class BatchBuilderTest {

  @ParameterizedTest
  @EnumSource(TinyData.Fields.class)
  void pairsAndGroupsAreConsistent(TinyData.Fields kind) {
    RecData d = TinyData.create(5, 20, 30, 8, kind);
    for (int size : new int[] {1, 17, 64}) {
      Batch batch = Batches.random(d, size, size);
      // every example's pairs are its user's then its item's, field by field
      for (int b = 0; b < size; b++) {
        int q = batch.bagStart(b, 0);
        FeatureTable users = d.users();
        for (int s = 0; s < users.fieldCount(); s++) {
          for (int x = users.bagStart(batch.user[b], s); x < users.bagEnd(batch.user[b], s); x++, q++) {
            assertThat(batch.pairRow[q]).isEqualTo(users.rows()[x]);
            assertThat(batch.pairField[q]).isEqualTo(users.field(s));
            assertThat(batch.pairExample[q]).isEqualTo(b);
          }
        }
        FeatureTable items = d.items();
        for (int s = 0; s < items.fieldCount(); s++) {
          assertThat(batch.bagStart(b, users.fieldCount() + s)).isEqualTo(q);
          for (int x = items.bagStart(batch.item[b], s); x < items.bagEnd(batch.item[b], s); x++, q++) {
            assertThat(batch.pairRow[q]).isEqualTo(items.rows()[x]);
            assertThat(batch.pairWeight[q]).isEqualTo(items.weights()[x]);
          }
        }
        assertThat(batch.bagEnd(b, batch.fields - 1)).isEqualTo(q);
      }
      // groups: distinct rows, field-contiguous, each pair listed once under its row, ascending
      Set<Integer> rows = new HashSet<>();
      int listed = 0;
      for (int f = 0; f < batch.fields; f++) {
        for (int g = batch.fieldGroupStart[f]; g < batch.fieldGroupStart[f + 1]; g++) {
          assertThat(batch.groupField[g]).isEqualTo(f);
          assertThat(rows.add(batch.groupRow[g])).isTrue();
          int prev = -1;
          for (int i = batch.groupPairPtr[g]; i < batch.groupPairPtr[g + 1]; i++) {
            int q = batch.groupPairs[i];
            assertThat(q).isGreaterThan(prev);
            prev = q;
            assertThat(batch.pairRow[q]).isEqualTo(batch.groupRow[g]);
            assertThat(batch.pairGroup[q]).isEqualTo(g);
            assertThat(batch.groupPairExample[i]).isEqualTo(batch.pairExample[q]);
            assertThat(batch.groupPairWeight[i]).isEqualTo(batch.pairWeight[q]);
            listed++;
          }
        }
      }
      assertThat(batch.fieldGroupStart[batch.fields]).isEqualTo(batch.groups);
      assertThat(listed).isEqualTo(batch.pairs);
    }
  }

  @ParameterizedTest
  @EnumSource(TinyData.Fields.class)
  void parallelBuildEqualsSerialBuild(TinyData.Fields kind) {
    RecData d = TinyData.create(6, 30, 50, 10, kind);
    dev.deepfm.core.util.Rng rng = new dev.deepfm.core.util.Rng(2);
    int n = 300;
    int[] users = new int[n];
    int[] items = new int[n];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      users[i] = rng.nextInt(d.userCount());
      items[i] = rng.nextInt(d.itemCount());
      labels[i] = rng.nextInt(2);
    }
    BatchBuilder serial = new BatchBuilder(d.users(), d.items(), d.schema().totalRows());
    for (int threads : new int[] {2, 3}) {
      try (dev.deepfm.core.util.WorkerPool pool = new dev.deepfm.core.util.WorkerPool(threads)) {
        BatchBuilder parallel = new BatchBuilder(d.users(), d.items(), d.schema().totalRows());
        for (int[] range : new int[][] {{0, 1}, {0, 64}, {64, 181}, {10, 10 + 77}}) {
          Batch a = serial.newBatch(128);
          Batch b = parallel.newBatch(128);
          serial.fill(a, users, items, labels, null, range[0], range[1], null, 0);
          parallel.fill(b, users, items, labels, null, range[0], range[1], null, 0, pool);
          assertSameBatch(a, b);
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void oneHotPathEqualsGeneralPath() {
    RecData d = TinyData.create(7, 40, 60, 10, TinyData.Fields.CATEGORICAL);
    assertThat(d.users().oneHot()).isTrue();
    assertThat(d.items().oneHot()).isTrue();
    assertThat(TinyData.create(7, 40, 60, 10, TinyData.Fields.MIXED).items().oneHot()).isFalse();
    dev.deepfm.core.util.Rng rng = new dev.deepfm.core.util.Rng(3);
    int n = 200;
    int[] users = new int[n];
    int[] items = new int[n];
    float[] labels = new float[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      users[i] = rng.nextInt(d.userCount());
      items[i] = rng.nextInt(d.itemCount());
      labels[i] = rng.nextInt(2);
      order[i] = n - 1 - i;
    }
    BatchBuilder general = new BatchBuilder(d.users(), d.items(), d.schema().totalRows(), false);
    try (dev.deepfm.core.util.WorkerPool pool = new dev.deepfm.core.util.WorkerPool(2)) {
      BatchBuilder oneHot = new BatchBuilder(d.users(), d.items(), d.schema().totalRows());
      Batch a = general.newBatch(128);
      Batch b = oneHot.newBatch(128);
      // a larger batch first, so that stale entries past the smaller one's end would show
      for (int[] range : new int[][] {{0, 128}, {5, 6}, {30, 97}, {72, 200}}) {
        int[] ord = range[0] == 30 ? order : null;
        general.fill(a, users, items, labels, ord, range[0], range[1], null, 0);
        oneHot.fill(b, users, items, labels, ord, range[0], range[1], null, 0, pool);
        assertSameBatch(a, b);
        assertThat(java.util.Arrays.copyOf(b.pairWeight, b.pairs)).containsExactly(java.util.Arrays.copyOf(a.pairWeight, a.pairs));
        assertThat(java.util.Arrays.copyOf(b.pairField, b.pairs)).containsExactly(java.util.Arrays.copyOf(a.pairField, a.pairs));
        assertThat(java.util.Arrays.copyOf(b.pairExample, b.pairs)).containsExactly(java.util.Arrays.copyOf(a.pairExample, a.pairs));
        assertThat(java.util.Arrays.copyOf(b.user, b.size)).containsExactly(java.util.Arrays.copyOf(a.user, a.size));
        assertThat(java.util.Arrays.copyOf(b.label, b.size)).containsExactly(java.util.Arrays.copyOf(a.label, a.size));
      }
    }
  }

  private static void assertSameBatch(Batch a, Batch b) {
    assertThat(b.size).isEqualTo(a.size);
    assertThat(b.pairs).isEqualTo(a.pairs);
    assertThat(b.groups).isEqualTo(a.groups);
    int p = a.pairs;
    int g = a.groups;
    assertThat(java.util.Arrays.copyOf(b.bagPtr, a.size * a.fields + 1)).containsExactly(java.util.Arrays.copyOf(a.bagPtr, a.size * a.fields + 1));
    assertThat(java.util.Arrays.copyOf(b.pairRow, p)).containsExactly(java.util.Arrays.copyOf(a.pairRow, p));
    assertThat(java.util.Arrays.copyOf(b.pairGroup, p)).containsExactly(java.util.Arrays.copyOf(a.pairGroup, p));
    assertThat(java.util.Arrays.copyOf(b.groupRow, g)).containsExactly(java.util.Arrays.copyOf(a.groupRow, g));
    assertThat(java.util.Arrays.copyOf(b.groupField, g)).containsExactly(java.util.Arrays.copyOf(a.groupField, g));
    assertThat(java.util.Arrays.copyOf(b.groupPairPtr, g + 1)).containsExactly(java.util.Arrays.copyOf(a.groupPairPtr, g + 1));
    assertThat(java.util.Arrays.copyOf(b.groupPairs, p)).containsExactly(java.util.Arrays.copyOf(a.groupPairs, p));
    assertThat(java.util.Arrays.copyOf(b.groupPairExample, p)).containsExactly(java.util.Arrays.copyOf(a.groupPairExample, p));
    assertThat(java.util.Arrays.copyOf(b.groupPairWeight, p)).containsExactly(java.util.Arrays.copyOf(a.groupPairWeight, p));
    assertThat(java.util.Arrays.copyOf(b.fieldGroupStart, a.fields + 1)).containsExactly(java.util.Arrays.copyOf(a.fieldGroupStart, a.fields + 1));
  }
}
