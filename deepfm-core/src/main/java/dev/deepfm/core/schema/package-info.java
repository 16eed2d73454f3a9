/**
 * What a model reads: {@link dev.deepfm.core.schema.Field fields} (categorical, multi-valued or
 * numeric; on the user, item or context side), the {@link dev.deepfm.core.schema.Schema} that lays
 * their rows out in one shared embedding table, and {@link dev.deepfm.core.schema.Vocabulary}
 * (original ids to dense indices).
 */
package dev.deepfm.core.schema;
