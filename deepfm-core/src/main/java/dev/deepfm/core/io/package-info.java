/**
 * Files: the versioned, checksummed model file ({@link dev.deepfm.core.io.ModelFile},
 * {@link dev.deepfm.core.io.ModelBundle}) and the run record behind metrics.json and history.csv
 * ({@link dev.deepfm.core.io.RunRecord}).
 */
package dev.deepfm.core.io;
