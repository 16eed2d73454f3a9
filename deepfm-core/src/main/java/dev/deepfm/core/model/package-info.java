/**
 * Models as {@link dev.deepfm.core.model.Network networks} over a flat parameter array: the DeepFM
 * family written layer by layer ({@link dev.deepfm.core.model.PlainDeepFm}, the reference) and fast
 * ({@link dev.deepfm.core.model.FastDeepFm}), NeuMF, the popularity baseline, and ranking
 * {@link dev.deepfm.core.model.Scorer scorers}. A {@link dev.deepfm.core.model.TrainedModel} is the
 * immutable result of training.
 */
package dev.deepfm.core.model;
