package dev.deepfm.core.schema;

import java.util.Objects;

/**
 * One input field of a model.
 *
 * @param name unique name, used in model files, analysis and error messages
 * @param kind how values map to embedding rows
 * @param side the entity it describes
 * @param vocabSize number of embedding rows the field owns (1 for {@link FieldKind#NUMERIC})
 */
public record Field(String name, FieldKind kind, Side side, int vocabSize) {

  /** Checks the arguments. */
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(side, "side");
    if (name.isBlank()) {
      throw new IllegalArgumentException("field name must not be blank");
    }
    if (vocabSize < 1) {
      throw new IllegalArgumentException("field " + name + ": vocabulary size must be >= 1, got " + vocabSize);
    }
    if (kind == FieldKind.NUMERIC && vocabSize != 1) {
      throw new IllegalArgumentException("numeric field " + name + " owns exactly one row, got " + vocabSize);
    }
  }

  /** A categorical field. */
  public static Field categorical(String name, Side side, int vocabSize) {
    return new Field(name, FieldKind.CATEGORICAL, side, vocabSize);
  }

  /** A multi-valued categorical field, mean-pooled. */
  public static Field multi(String name, Side side, int vocabSize) {
    return new Field(name, FieldKind.MULTI_CATEGORICAL, side, vocabSize);
  }

  /** A numeric field. */
  public static Field numeric(String name, Side side) {
    return new Field(name, FieldKind.NUMERIC, side, 1);
  }
}
