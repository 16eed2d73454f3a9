/**
 * Synthetic recommendation data with MovieLens 100K's schema (the same 24 fields) at any scale,
 * for scaling benchmarks: {@link dev.deepfm.datasets.synthetic.SyntheticData}.
 */
package dev.deepfm.datasets.synthetic;
