package dev.deepfm.core.testing;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.BatchBuilder;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.util.Rng;

/** Random training batches over a dataset. */
public final class Batches {
  private Batches() {}

  /** A batch of {@code size} examples: training positives and random items, random labels. */
  public static Batch random(RecData d, int size, long seed) {
    BatchBuilder builder = new BatchBuilder(d.users(), d.items(), d.schema().totalRows());
    Batch batch = builder.newBatch(size);
    int n = d.split().trainSize();
    int[] users = new int[size];
    int[] items = new int[size];
    float[] labels = new float[size];
    Rng rng = new Rng(seed);
    for (int b = 0; b < size; b++) {
      int j = rng.nextInt(n);
      users[b] = d.split().trainUser(j);
      items[b] = rng.nextInt(3) == 0 ? rng.nextInt(d.itemCount()) : d.split().trainItem(j);
      labels[b] = rng.nextInt(2);
    }
    builder.fill(batch, users, items, labels, null, 0, size, null, 0);
    return batch;
  }
}
