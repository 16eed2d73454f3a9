/**
 * Serving from Java: a thread-safe {@link dev.deepfm.core.serve.Recommender} over a model file,
 * with readable feature encoding for users the model has never seen.
 */
package dev.deepfm.core.serve;
