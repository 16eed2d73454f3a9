package dev.deepfm.core.model;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.nn.ParamLayout;

/**
 * A trainable scoring function over a schema: its parameters are one flat array described by
 * {@link #layout()}. Implementations pair every forward computation with its backward.
 *
 * <p>Gradient contract: {@link #trainStep} <em>adds</em> the gradient of the batch's mean loss to
 * {@code grads}, which the caller has zeroed. Every sparse-row slice has one row per global
 * embedding row, and a step touches only the rows in {@code batch.groupRow[0..groups)}, so a caller
 * can zero just those rows afterwards.
 */
public interface Network {

  /** The parameter slices. */
  ParamLayout layout();

  /** Writes initial values into {@code params} from the given seed. */
  void initialize(float[] params, long seed);

  /**
   * Forward and backward on a training batch (dropout on).
   *
   * @param stepSeed seed of this step's dropout masks
   * @return the sum over the batch of the per-example losses
   */
  double trainStep(Batch batch, float[] params, float[] grads, long stepSeed);

  /** Logits of a batch's examples at inference (dropout off) into {@code logits[0..size)}. */
  void predict(Batch batch, float[] params, float[] logits);

  /**
   * A scorer for ranking with the given parameters (which it may copy or precompute from: create a
   * new one after the parameters change).
   */
  Scorer scorer(float[] params, FeatureTable users, FeatureTable items);
}
