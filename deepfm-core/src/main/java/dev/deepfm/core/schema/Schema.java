package dev.deepfm.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields a model reads, in order. Every field owns a contiguous range of rows in the model's
 * shared embedding table (and first-order weight vector): field {@code f} owns global rows
 * {@code [offset(f), offset(f) + vocabSize(f))}.
 */
public final class Schema {
  private final List<Field> fields;
  private final int[] offsets;
  private final int totalRows;

  /** A schema over the given fields; names must be unique. */
  public Schema(List<Field> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one field");
    }
    Set<String> names = new HashSet<>();
    this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
    this.offsets = new int[fields.size()];
    long rows = 0;
    for (int f = 0; f < fields.size(); f++) {
      Field field = fields.get(f);
      if (!names.add(field.name())) {
        throw new IllegalArgumentException("duplicate field name: " + field.name());
      }
      offsets[f] = (int) rows;
      rows += field.vocabSize();
    }
    if (rows > Integer.MAX_VALUE / 64) {
      throw new IllegalArgumentException("too many embedding rows: " + rows);
    }
    this.totalRows = (int) rows;
  }

  /** The fields, in order. */
  public List<Field> fields() {
    return fields;
  }

  /** Number of fields. */
  public int size() {
    return fields.size();
  }

  /** Field {@code f}. */
  public Field field(int f) {
    return fields.get(f);
  }

  /** First global row of field {@code f}. */
  public int offset(int f) {
    return offsets[f];
  }

  /** Total rows of the embedding table: the sum of all vocabulary sizes. */
  public int totalRows() {
    return totalRows;
  }

  /** Index of the field with this name, or -1. */
  public int indexOf(String name) {
    for (int f = 0; f < fields.size(); f++) {
      if (fields.get(f).name().equals(name)) {
        return f;
      }
    }
    return -1;
  }

  /** The field owning global row {@code row}. */
  public int fieldOfRow(int row) {
    if (row < 0 || row >= totalRows) {
      throw new IndexOutOfBoundsException("row " + row + " of " + totalRows);
    }
    int lo = 0;
    int hi = offsets.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Indices of the fields on one side, in order. */
  public int[] fieldsOn(Side side) {
    return java.util.stream.IntStream.range(0, fields.size())
        .filter(f -> fields.get(f).side() == side)
        .toArray();
  }

  /** True if every field is categorical (one row, weight 1, per example). */
  public boolean allCategorical() {
    return fields.stream().allMatch(f -> f.kind() == FieldKind.CATEGORICAL);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "Schema" + fields;
  }
}
