/**
 * What a trained model learnt: embedding norms by field, genre first-order weights, nearest
 * items ({@link dev.deepfm.core.analysis.EmbeddingAnalysis}).
 */
package dev.deepfm.core.analysis;
