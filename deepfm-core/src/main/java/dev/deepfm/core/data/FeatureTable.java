package dev.deepfm.core.data;

import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.FieldKind;
import dev.deepfm.core.schema.Schema;
import java.util.Arrays;

/**
 * The encoded features of a set of entities (all users, or all items) for the schema fields of one
 * side, in columnar primitive arrays. For entity {@code e} and its {@code s}-th field, the field's
 * value is a bag of (global embedding row, weight) pairs:
 * a categorical value is one row with weight 1, a multi-valued one is its rows each weighted
 * {@code 1/n} (mean pooling; an empty bag contributes nothing), a numeric value is the field's one
 * row weighted by the value. Every model reads its inputs through these bags.
 */
public final class FeatureTable {
  private final int[] fields;
  private final int entities;
  private final int[] ptr;
  private final int[] rows;
  private final float[] weights;
  private final int[] pairField;
  private final boolean oneHot;

  private FeatureTable(int[] fields, int entities, int[] ptr, int[] rows, float[] weights) {
    this.fields = fields;
    this.entities = entities;
    this.ptr = ptr;
    this.rows = rows;
    this.weights = weights;
    this.pairField = new int[rows.length];
    boolean unit = true;
    for (int e = 0; e < entities; e++) {
      for (int s = 0; s < fields.length; s++) {
        int from = ptr[e * fields.length + s];
        int to = ptr[e * fields.length + s + 1];
        java.util.Arrays.fill(pairField, from, to, fields[s]);
        unit &= to - from == 1 && weights[from] == 1f;
      }
    }
    this.oneHot = unit;
  }

  /**
   * True if every bag holds exactly one row of weight 1 (all fields categorical): then entity
   * {@code e}'s field slot {@code s} is pair {@code e * fieldCount() + s}.
   */
  public boolean oneHot() {
    return oneHot;
  }

  /** Schema field index of each pair, parallel to {@link #rows()} (do not modify). */
  public int[] pairFields() {
    return pairField;
  }

  /**
   * A table from its arrays (as written by a model file), checked for consistency with
   * {@code schema}: {@code ptr} has {@code entities * fields.length + 1} non-decreasing entries and
   * every row lies in its field's range.
   */
  public static FeatureTable fromArrays(dev.deepfm.core.schema.Schema schema, int[] fields,
      int entities, int[] ptr, int[] rows, float[] weights) {
    if (ptr.length != entities * fields.length + 1 || ptr[0] != 0 || ptr[ptr.length - 1] != rows.length
        || rows.length != weights.length) {
      throw new IllegalArgumentException("feature table arrays are inconsistent");
    }
    for (int i = 1; i < ptr.length; i++) {
      if (ptr[i] < ptr[i - 1]) {
        throw new IllegalArgumentException("feature table offsets decrease at " + i);
      }
    }
    for (int e = 0; e < entities; e++) {
      for (int s = 0; s < fields.length; s++) {
        int f = fields[s];
        int lo = schema.offset(f);
        int hi = lo + schema.field(f).vocabSize();
        for (int q = ptr[e * fields.length + s]; q < ptr[e * fields.length + s + 1]; q++) {
          if (rows[q] < lo || rows[q] >= hi || !Float.isFinite(weights[q])) {
            throw new IllegalArgumentException("entity " + e + ", field " + schema.field(f).name()
                + ": row " + rows[q] + " outside [" + lo + ", " + hi + ") or bad weight");
          }
        }
      }
    }
    return new FeatureTable(fields.clone(), entities, ptr.clone(), rows.clone(), weights.clone());
  }

  /** The bag offsets, {@code size() * fieldCount() + 1} entries (do not modify). */
  public int[] ptr() {
    return ptr;
  }

  /** Schema indices of the fields this table supplies, in order. */
  public int[] fields() {
    return fields.clone();
  }

  /** Number of fields per entity. */
  public int fieldCount() {
    return fields.length;
  }

  /** Schema index of this table's {@code s}-th field. */
  public int field(int s) {
    return fields[s];
  }

  /** Number of entities. */
  public int size() {
    return entities;
  }

  /** Start of the bag of entity {@code e}, field slot {@code s}, in {@link #rows()}. */
  public int bagStart(int e, int s) {
    return ptr[e * fields.length + s];
  }

  /** End (exclusive) of the bag of entity {@code e}, field slot {@code s}. */
  public int bagEnd(int e, int s) {
    return ptr[e * fields.length + s + 1];
  }

  /** Start of all bags of entity {@code e}. */
  public int entityStart(int e) {
    return ptr[e * fields.length];
  }

  /** End of all bags of entity {@code e}. */
  public int entityEnd(int e) {
    return ptr[(e + 1) * fields.length];
  }

  /** Global embedding rows of all bags, entity-major (do not modify). */
  public int[] rows() {
    return rows;
  }

  /** Weights parallel to {@link #rows()} (do not modify). */
  public float[] weights() {
    return weights;
  }

  /** The largest number of (row, weight) pairs of any one entity. */
  public int maxPairsPerEntity() {
    int max = 0;
    for (int e = 0; e < entities; e++) {
      max = Math.max(max, entityEnd(e) - entityStart(e));
    }
    return max;
  }

  /** Bytes held by the arrays. */
  public long bytes() {
    return 4L * (ptr.length + rows.length + weights.length);
  }

  /** A builder for the given schema fields; entities are added in index order. */
  public static Builder builder(Schema schema, int... fields) {
    return new Builder(schema, fields);
  }

  /** Adds entities one field value at a time, checking every value against the schema. */
  public static final class Builder {
    private final Schema schema;
    private final int[] fields;
    private int[] ptr = new int[64];
    private int[] rows = new int[64];
    private float[] weights = new float[64];
    private int nPtr = 1;
    private int nPairs;
    private int slot;
    private int entities;

    private Builder(Schema schema, int[] fields) {
      this.schema = schema;
      this.fields = fields.clone();
      for (int f : fields) {
        if (f < 0 || f >= schema.size()) {
          throw new IllegalArgumentException("no field " + f + " in " + schema);
        }
      }
    }

    private Field expect(FieldKind kind) {
      if (slot >= fields.length) {
        throw new IllegalStateException("entity " + entities + " already has all " + fields.length + " fields");
      }
      Field field = schema.field(fields[slot]);
      if (field.kind() != kind) {
        throw new IllegalArgumentException("field " + field.name() + " is " + field.kind() + ", not " + kind);
      }
      return field;
    }

    private void pair(int row, float weight) {
      if (nPairs == rows.length) {
        rows = Arrays.copyOf(rows, nPairs * 2);
        weights = Arrays.copyOf(weights, nPairs * 2);
      }
      rows[nPairs] = row;
      weights[nPairs] = weight;
      nPairs++;
    }

    private void endField() {
      if (nPtr == ptr.length) {
        ptr = Arrays.copyOf(ptr, nPtr * 2);
      }
      ptr[nPtr++] = nPairs;
      slot++;
      if (slot == fields.length) {
        slot = 0;
        entities++;
      }
    }

    private int checked(Field field, int value) {
      if (value < 0 || value >= field.vocabSize()) {
        throw new IllegalArgumentException(
            "field " + field.name() + ": value " + value + " outside [0, " + field.vocabSize() + ")");
      }
      return schema.offset(fields[slot]) + value;
    }

    /** The next field's value, which must be categorical. */
    public Builder categorical(int value) {
      Field field = expect(FieldKind.CATEGORICAL);
      pair(checked(field, value), 1f);
      endField();
      return this;
    }

    /** The next field's value, which must be multi-valued: mean of the given ids' rows. */
    public Builder multi(int... values) {
      Field field = expect(FieldKind.MULTI_CATEGORICAL);
      float w = values.length == 0 ? 0f : 1f / values.length;
      for (int v : values) {
        pair(checked(field, v), w);
      }
      endField();
      return this;
    }

    /** The next field's value, which must be numeric. */
    public Builder numeric(float value) {
      Field field = expect(FieldKind.NUMERIC);
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("field " + field.name() + ": value must be finite, got " + value);
      }
      pair(checked(field, 0), value);
      endField();
      return this;
    }

    /** The finished table. */
    public FeatureTable build() {
      if (slot != 0) {
        throw new IllegalStateException("entity " + entities + " has only " + slot + " of " + fields.length + " fields");
      }
      return new FeatureTable(fields.clone(), entities, Arrays.copyOf(ptr, nPtr),
          Arrays.copyOf(rows, nPairs), Arrays.copyOf(weights, nPairs));
    }
  }
}
