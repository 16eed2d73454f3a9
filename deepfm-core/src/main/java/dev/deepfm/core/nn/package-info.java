/**
 * The layers as forward/backward pairs in plain loops, the reference for every fast path:
 * {@link dev.deepfm.core.nn.Linear}, {@link dev.deepfm.core.nn.Dropout} (after ReLU),
 * {@link dev.deepfm.core.nn.EmbeddingBag}, {@link dev.deepfm.core.nn.FirstOrder},
 * {@link dev.deepfm.core.nn.FactorizationMachine}, {@link dev.deepfm.core.nn.BceWithLogits}; parameters
 * live in one flat array described by a {@link dev.deepfm.core.nn.ParamLayout}.
 */
package dev.deepfm.core.nn;
