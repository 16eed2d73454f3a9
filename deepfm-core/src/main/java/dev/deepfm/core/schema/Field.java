package dev.deepfm.core.schema;

import java.util.Objects;

/**
 * One input field of a model.
 *
 * @param name unique name, used in model files, analysis and error messages
 * @param kind how values map to embedding rows
 * @param side the entity it describes
 * @param vocabSize number of embedding rows the field owns (1 for {@link FieldKind#NUMERIC}),
 *     including the out-of-vocabulary row if there is one
 * @param oov whether the field's last row stands for values never seen in training (a new user
 *     or item); it is learnt by hiding ids at random during training
 */
public record Field(String name, FieldKind kind, Side side, int vocabSize, boolean oov) {

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
    if (oov && (kind != FieldKind.CATEGORICAL || vocabSize < 2)) {
      throw new IllegalArgumentException("field " + name + ": only a categorical field with known values can have an out-of-vocabulary row");
    }
  }

  /** A field without an out-of-vocabulary row. */
  public Field(String name, FieldKind kind, Side side, int vocabSize) {
    this(name, kind, side, vocabSize, false);
  }

  /** A categorical field. */
  public static Field categorical(String name, Side side, int vocabSize) {
    return new Field(name, FieldKind.CATEGORICAL, side, vocabSize);
  }

  /** A categorical field of {@code known} values plus an out-of-vocabulary row (index {@code known}). */
  public static Field categoricalWithOov(String name, Side side, int known) {
    return new Field(name, FieldKind.CATEGORICAL, side, known + 1, true);
  }

  /** A multi-valued categorical field, mean-pooled. */
  public static Field multi(String name, Side side, int vocabSize) {
    return new Field(name, FieldKind.MULTI_CATEGORICAL, side, vocabSize);
  }

  /** A numeric field. */
  public static Field numeric(String name, Side side) {
    return new Field(name, FieldKind.NUMERIC, side, 1);
  }

  /** The value index of the out-of-vocabulary row. */
  public int oovValue() {
    if (!oov) {
      throw new IllegalStateException("field " + name + " has no out-of-vocabulary row");
    }
    return vocabSize - 1;
  }
}
