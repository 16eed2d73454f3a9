package dev.deepfm.core.train;

import dev.deepfm.core.data.IdMasking;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.eval.Metric;
import dev.deepfm.core.eval.MetricTable;
import dev.deepfm.core.eval.RankingEvaluator;
import dev.deepfm.core.eval.RankingEvaluator.Target;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.Network;
import dev.deepfm.core.model.Networks;
import dev.deepfm.core.model.TrainedModel;
import dev.deepfm.core.util.Rng;
import dev.deepfm.core.util.WorkerPool;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a model on a recommendation dataset with the reference protocol: each epoch draws fresh
 * negatives, shuffles, takes Adam steps on BCE, then ranks the validation items; training stops
 * after {@code patience} epochs without a better validation NDCG@10 and the best epoch's weights
 * (a real copy) are kept and tested.
 *
 * <p>Every random choice comes from {@link Rng#derive} of the configured seed: initialisation
 * ("init"), negatives ("negatives", epoch), order ("shuffle", epoch), dropout ("dropout", epoch,
 * step) and id hiding ("idmask", epoch, step). A trainer holds no state between {@link #fit} calls.
 */
public final class Trainer {
  private final ModelConfig modelConfig;
  private final TrainConfig config;
  private final Kernels kernels;

  /** A trainer with the fastest kernels available. */
  public Trainer(ModelConfig modelConfig, TrainConfig config) {
    this(modelConfig, config, Kernels.best());
  }

  /** A trainer with the given kernels. */
  public Trainer(ModelConfig modelConfig, TrainConfig config, Kernels kernels) {
    this.modelConfig = modelConfig;
    this.config = config;
    this.kernels = kernels;
  }

  /** Trains on {@code data}, reporting to {@code listener}. */
  public TrainResult fit(RecData data, TrainingListener listener) {
    long t0 = System.nanoTime();
    try (WorkerPool pool = new WorkerPool(config.threads())) {
      Network net = Networks.create(modelConfig, data.schema(), kernels, pool);
      int size = net.layout().size();
      float[] params = new float[size];
      net.initialize(params, Rng.deriveSeed(config.seed(), "init"));
      EpochRunner runner = new EpochRunner(data, net, config, kernels, pool);
      RankingEvaluator evaluator = new RankingEvaluator(data, pool);
      List<EpochRecord> history = new ArrayList<>();
      float[] best = null;
      int bestEpoch = 0;
      double bestNdcg = Double.NEGATIVE_INFINITY;
      int stale = 0;
      double sampleTotal = 0;
      double trainTotal = 0;
      double valTotal = 0;
      double setup = seconds(t0);
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        EpochRunner.Result r = runner.run(epoch, params, listener);
        int n = r.examples();
        double lossSum = r.loss() * n;
        double sampleS = r.sampleSeconds();
        double trainS = r.trainSeconds();
        long te = System.nanoTime();
        MetricTable val = evaluator.evaluate(net.scorer(params, data.users(), data.items()),
            Target.VALIDATION, new int[] {TrainConfig.VALIDATION_K}, false);
        double evalS = seconds(te);
        double ndcg = val.get(TrainConfig.VALIDATION_K, Metric.NDCG);
        EpochRecord record = new EpochRecord(epoch, lossSum / n, ndcg,
            val.get(TrainConfig.VALIDATION_K, Metric.HIT_RATE), sampleS, trainS, evalS, n);
        history.add(record);
        sampleTotal += sampleS;
        trainTotal += trainS;
        valTotal += evalS;
        listener.epochFinished(record);
        if (!Double.isFinite(record.loss())) {
          throw new IllegalStateException("training diverged at epoch " + epoch + " (loss " + record.loss()
              + "); try a lower learning rate");
        }
        if (ndcg > bestNdcg) {
          bestNdcg = ndcg;
          bestEpoch = epoch;
          best = params.clone();
          stale = 0;
        } else if (config.patience() > 0 && ++stale >= config.patience()) {
          break;
        }
      }
      listener.testStarted(bestEpoch);
      long tt = System.nanoTime();
      MetricTable test = evaluator.evaluate(net.scorer(best, data.users(), data.items()),
          Target.TEST, config.ks(), config.maskValidationAtTest());
      double testS = seconds(tt);
      TrainedModel model = new TrainedModel(modelConfig, data.schema(), best);
      Timings timings = new Timings(seconds(t0), setup, sampleTotal, trainTotal, valTotal, testS);
      return new TrainResult(model, history, bestEpoch, test, timings, kernels.name());
    }
  }

  /** Hides the ids of every field with an out-of-vocabulary row, at the configured rate. */
  static IdMasking masking(RecData data, double rate) {
    if (rate == 0) {
      return null;
    }
    var schema = data.schema();
    int[] fields = java.util.stream.IntStream.range(0, schema.size()).filter(f -> schema.field(f).oov()).toArray();
    if (fields.length == 0) {
      throw new IllegalArgumentException("id masking needs fields with an out-of-vocabulary row; "
          + data.name() + " has none (load it with cold-start support)");
    }
    int[] rows = java.util.Arrays.stream(fields).map(f -> schema.offset(f) + schema.field(f).oovValue()).toArray();
    return new IdMasking(fields, rows, rate);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
