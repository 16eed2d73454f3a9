/**
 * Data in the engine's terms, as columnar primitive arrays: every entity's features as (row,
 * weight) pairs ({@link dev.deepfm.core.data.FeatureTable}), the leave-one-out
 * {@link dev.deepfm.core.data.Split}, the {@link dev.deepfm.core.data.NegativeSampler}, and mini-batches
 * compiled into pairs grouped by distinct row ({@link dev.deepfm.core.data.Batch},
 * {@link dev.deepfm.core.data.BatchBuilder}). {@link dev.deepfm.core.data.RecData} bundles a dataset.
 */
package dev.deepfm.core.data;
