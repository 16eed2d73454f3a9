/**
 * MovieLens 100K: reading and validating u.data, u.user and u.item
 * ({@link dev.deepfm.datasets.movielens.MovieLensReader}), downloading and verifying the official
 * archive ({@link dev.deepfm.datasets.movielens.MovieLensDownloader}), and mapping it onto the engine's
 * schema as the reference notebook does ({@link dev.deepfm.datasets.movielens.MovieLens}).
 */
package dev.deepfm.datasets.movielens;
