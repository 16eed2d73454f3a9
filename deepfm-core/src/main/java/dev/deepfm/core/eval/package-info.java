/**
 * Evaluation: full ranking with training items masked
 * ({@link dev.deepfm.core.eval.RankingEvaluator}), the metrics' definitions ({@link dev.deepfm.core.eval.RankingMetrics}), multi-seed
 * comparisons and the cold-start study.
 */
package dev.deepfm.core.eval;
