/**
 * Training: {@link dev.deepfm.core.train.TrainConfig} (defaults and validation in one place), the
 * {@link dev.deepfm.core.train.Trainer} loop with early stopping, one
 * {@link dev.deepfm.core.train.EpochRunner epoch} at a time, and {@link dev.deepfm.core.train.Adam}
 * (dense or lazy).
 */
package dev.deepfm.core.train;
