/**
 * {@code deepfm bench}: end-to-end measurements on ML-100K and synthetic data, fresh JVMs where
 * start-up or peak memory matter, and the PyTorch reference scripts run side by side.
 */
package dev.deepfm.cli.bench;
