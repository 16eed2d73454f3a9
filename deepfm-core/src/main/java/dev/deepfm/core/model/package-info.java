/**
 * Models as {@link dev.deepfm.core.model.Network networks} over a flat parameter array: the DeepFM
 * family written layer by layer ({@link dev.deepfm.core.model.PlainDeepFm}, the reference) and fast
 * ({@link dev.deepfm.core.model.FastDeepFm}), NeuMF, the popularity baseline, ranking
 * {@link dev.deepfm.core.model.Scorer scorers} and the deterministic order of a ranking
 * ({@link dev.deepfm.core.model.TopK}). A {@link dev.deepfm.core.model.TrainedModel} is the
 * immutable result of training.
 */
package dev.deepfm.core.model;
