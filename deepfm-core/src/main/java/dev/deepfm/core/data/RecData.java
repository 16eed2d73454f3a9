package dev.deepfm.core.data;

import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.schema.Vocabulary;
import java.util.Objects;

/**
 * A recommendation dataset in the engine's terms: a schema, the encoded features of every user and
 * every item, the train/validation/test split of positive interactions, the original ids, and what
 * is needed to show items. Built by a dataset reader (MovieLens, synthetic...), consumed by the
 * trainer and the evaluator, which know fields and rows, not movies.
 *
 * @param name a short name for reports ("ml-100k")
 * @param schema the model's input fields: user-side fields first, then item-side fields
 * @param users features of every user (the schema's {@link Side#USER} fields)
 * @param items features of every item (the schema's {@link Side#ITEM} fields)
 * @param split the positives, split leave-one-out
 * @param userIds original user ids by index
 * @param itemIds original item ids by index
 * @param catalog titles and tags by item index
 * @param fieldLabels readable names of the values of categorical fields, by field name (for
 *     analysis and for encoding a new user's features); fields may be absent
 * @param sourceFingerprint a hash of the source files, recorded in run outputs
 */
public record RecData(String name, Schema schema, FeatureTable users, FeatureTable items,
    Split split, Vocabulary userIds, Vocabulary itemIds, ItemCatalog catalog,
    java.util.Map<String, java.util.List<String>> fieldLabels, String sourceFingerprint) {

  /** Checks that the parts agree with each other. */
  public RecData {
    Objects.requireNonNull(name);
    Objects.requireNonNull(schema);
    Objects.requireNonNull(split);
    fieldLabels = java.util.Map.copyOf(fieldLabels);
    for (var e : fieldLabels.entrySet()) {
      int f = schema.indexOf(e.getKey());
      if (f < 0 || schema.field(f).vocabSize() < e.getValue().size()) {
        throw new IllegalArgumentException("labels for field " + e.getKey() + " do not fit the schema");
      }
    }
    if (users.size() != split.users() || userIds.size() != split.users()) {
      throw new IllegalArgumentException("user table, ids and split disagree on the number of users");
    }
    if (items.size() != split.items() || itemIds.size() != split.items() || catalog.size() != split.items()) {
      throw new IllegalArgumentException("item table, ids, catalogue and split disagree on the number of items");
    }
    int[] userFields = schema.fieldsOn(Side.USER);
    int[] itemFields = schema.fieldsOn(Side.ITEM);
    if (!java.util.Arrays.equals(userFields, users.fields()) || !java.util.Arrays.equals(itemFields, items.fields())) {
      throw new IllegalArgumentException("feature tables must cover the schema's user and item fields in order");
    }
    if (userFields.length + itemFields.length != schema.size()) {
      throw new IllegalArgumentException("recommendation data has only user and item fields");
    }
    for (int f = 1; f < schema.size(); f++) {
      if (schema.field(f - 1).side() == Side.ITEM && schema.field(f).side() == Side.USER) {
        throw new IllegalArgumentException("user fields must come before item fields");
      }
    }
  }

  /**
   * The same data restricted to some fields (in schema order), for ablations such as "ids only":
   * rows are renumbered, the split and ids are shared.
   */
  public RecData project(java.util.List<String> fieldNames) {
    java.util.List<dev.deepfm.core.schema.Field> kept = new java.util.ArrayList<>();
    java.util.List<Integer> old = new java.util.ArrayList<>();
    for (int f = 0; f < schema.size(); f++) {
      if (fieldNames.contains(schema.field(f).name())) {
        kept.add(schema.field(f));
        old.add(f);
      }
    }
    for (String n : fieldNames) {
      if (schema.indexOf(n) < 0) {
        throw new IllegalArgumentException("no field " + n + " in " + name);
      }
    }
    Schema projected = new Schema(kept);
    int[] oldOf = old.stream().mapToInt(Integer::intValue).toArray();
    java.util.Map<String, java.util.List<String>> labels = new java.util.LinkedHashMap<>();
    fieldLabels.forEach((k, v) -> {
      if (fieldNames.contains(k)) {
        labels.put(k, v);
      }
    });
    return new RecData(name + "[" + String.join(",", fieldNames) + "]", projected,
        projectTable(users, projected, oldOf), projectTable(items, projected, oldOf), split, userIds,
        itemIds, catalog, labels, sourceFingerprint);
  }

  private FeatureTable projectTable(FeatureTable t, Schema to, int[] oldOf) {
    java.util.List<Integer> slots = new java.util.ArrayList<>();
    java.util.List<Integer> newFields = new java.util.ArrayList<>();
    for (int nf = 0; nf < oldOf.length; nf++) {
      for (int s = 0; s < t.fieldCount(); s++) {
        if (t.field(s) == oldOf[nf]) {
          slots.add(s);
          newFields.add(nf);
        }
      }
    }
    int fields = slots.size();
    int[] ptr = new int[t.size() * fields + 1];
    int[] rows = new int[t.rows().length];
    float[] weights = new float[t.rows().length];
    int w = 0;
    for (int e = 0; e < t.size(); e++) {
      for (int j = 0; j < fields; j++) {
        int s = slots.get(j);
        int shift = to.offset(newFields.get(j)) - schema.offset(t.field(s));
        ptr[e * fields + j] = w;
        for (int q = t.bagStart(e, s); q < t.bagEnd(e, s); q++) {
          rows[w] = t.rows()[q] + shift;
          weights[w++] = t.weights()[q];
        }
      }
    }
    ptr[t.size() * fields] = w;
    return FeatureTable.fromArrays(to, newFields.stream().mapToInt(Integer::intValue).toArray(), t.size(),
        ptr, java.util.Arrays.copyOf(rows, w), java.util.Arrays.copyOf(weights, w));
  }

  /** Number of users. */
  public int userCount() {
    return split.users();
  }

  /** Number of items. */
  public int itemCount() {
    return split.items();
  }
}
