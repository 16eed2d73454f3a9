package dev.deepfm.core.schema;

/** How a field turns into an embedding. */
public enum FieldKind {
  /** One id per example; its embedding is one row of the table. */
  CATEGORICAL,
  /** A bag of ids per example (possibly empty); its embedding is the mean of their rows. */
  MULTI_CATEGORICAL,
  /** One real value per example; its embedding is the field's single row scaled by the value. */
  NUMERIC
}
