/**
 * Plumbing: the pinned random number generator with named sub-streams
 * ({@link dev.deepfm.core.util.Rng}), the low-latency {@link dev.deepfm.core.util.WorkerPool}, a stable
 * sort, and version facts.
 */
package dev.deepfm.core.util;
