package dev.deepfm.core.testing;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.ItemCatalog;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.schema.Vocabulary;
import dev.deepfm.core.util.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Small random recommendation datasets for tests, with every kind of field. */
public final class TinyData {
  private TinyData() {}

  /** Field mixes to test with. */
  public enum Fields {
    /** Categorical fields only (the fast path's common case). */
    CATEGORICAL,
    /** Categorical, multi-valued (including empty bags) and numeric fields. */
    MIXED
  }

  /**
   * A dataset of {@code users} users and {@code items} items, each user with 3 to
   * {@code maxPerUser} positives at random times (with ties).
   */
  public static RecData create(long seed, int users, int items, int maxPerUser, Fields kind) {
    Rng rng = new Rng(seed);
    List<Field> fields = new ArrayList<>();
    fields.add(Field.categorical("user_id", Side.USER, users));
    fields.add(Field.categorical("u_cat", Side.USER, 3));
    if (kind == Fields.MIXED) {
      fields.add(Field.numeric("u_num", Side.USER));
      fields.add(Field.multi("u_bag", Side.USER, 5));
    }
    fields.add(Field.categorical("item_id", Side.ITEM, items));
    fields.add(Field.categorical("i_cat", Side.ITEM, 4));
    fields.add(Field.categorical("i_bin", Side.ITEM, 2));
    if (kind == Fields.MIXED) {
      fields.add(Field.multi("i_bag", Side.ITEM, 6));
      fields.add(Field.numeric("i_num", Side.ITEM));
    }
    Schema schema = new Schema(fields);
    FeatureTable.Builder ut = FeatureTable.builder(schema, schema.fieldsOn(Side.USER));
    for (int u = 0; u < users; u++) {
      ut.categorical(u).categorical(rng.nextInt(3));
      if (kind == Fields.MIXED) {
        ut.numeric((float) rng.uniform(-1.5, 1.5)).multi(bag(rng, 5));
      }
    }
    FeatureTable.Builder it = FeatureTable.builder(schema, schema.fieldsOn(Side.ITEM));
    for (int i = 0; i < items; i++) {
      it.categorical(i).categorical(rng.nextInt(4)).categorical(rng.nextInt(2));
      if (kind == Fields.MIXED) {
        it.multi(bag(rng, 6)).numeric((float) rng.uniform(0, 2));
      }
    }
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int count = 3 + rng.nextInt(Math.max(1, Math.min(maxPerUser, items - 1) - 2));
      int[] chosen = IntStream.range(0, items).toArray();
      rng.shuffle(chosen, items);
      for (int j = 0; j < count; j++) {
        // popular items more often: fold the tail onto the head
        int item = rng.nextInt(3) == 0 ? chosen[j] % Math.max(1, items / 3) : chosen[j];
        pairs.add(new int[] {u, item, rng.nextInt(20)});
      }
    }
    // drop duplicate (user, item) pairs, keeping the first
    java.util.Set<Long> seen = new java.util.HashSet<>();
    List<int[]> unique = new ArrayList<>();
    for (int[] p : pairs) {
      if (seen.add((long) p[0] << 32 | p[1])) {
        unique.add(p);
      }
    }
    int n = unique.size();
    int[] user = new int[n];
    int[] item = new int[n];
    long[] time = new long[n];
    for (int j = 0; j < n; j++) {
      user[j] = unique.get(j)[0];
      item[j] = unique.get(j)[1];
      time[j] = unique.get(j)[2];
    }
    Split split = Split.leaveOneOut(users, items, user, item, time, 3);
    List<String> userIds = IntStream.range(0, users).mapToObj(i -> "u" + i).toList();
    List<String> itemIds = IntStream.range(0, items).mapToObj(i -> "i" + i).toList();
    return new RecData("tiny", schema, ut.build(), it.build(), split, Vocabulary.of(userIds),
        Vocabulary.of(itemIds), ItemCatalog.untitled(itemIds),
        java.util.Map.of("u_cat", List.of("a", "b", "c")), "tiny-" + seed);
  }

  private static int[] bag(Rng rng, int vocab) {
    int n = rng.nextInt(4);
    java.util.Set<Integer> s = new java.util.TreeSet<>();
    for (int j = 0; j < n; j++) {
      s.add(rng.nextInt(vocab));
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Random floats in [-scale, scale). */
  public static float[] randomArray(Rng rng, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.uniform(-scale, scale);
    }
    return a;
  }
}
