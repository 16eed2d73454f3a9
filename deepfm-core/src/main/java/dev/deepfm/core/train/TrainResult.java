package dev.deepfm.core.train;

import dev.deepfm.core.eval.MetricTable;
import dev.deepfm.core.model.TrainedModel;
import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param model the model with the best validation epoch's weights
 * @param history one record per epoch run
 * @param bestEpoch the epoch whose weights were kept (1-based)
 * @param test test metrics of the kept model
 * @param timings where the time went
 * @param kernels the kernels used ("vector-256", "plain")
 */
public record TrainResult(TrainedModel model, List<EpochRecord> history, int bestEpoch,
    MetricTable test, Timings timings, String kernels) {

  /** Checks the history. */
  public TrainResult {
    history = List.copyOf(history);
  }

  /** Number of epochs run. */
  public int epochsRun() {
    return history.size();
  }

  /** Best validation NDCG@10. */
  public double bestValidationNdcg() {
    return history.get(bestEpoch - 1).valNdcg();
  }
}
