package dev.deepfm.cli.bench;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.eval.RankingEvaluator;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.Network;
import dev.deepfm.core.model.Networks;
import dev.deepfm.core.train.AdamMode;
import dev.deepfm.core.train.EpochRunner;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainingListener;
import dev.deepfm.core.util.Rng;
import dev.deepfm.core.util.WorkerPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Benchmark jobs that run inside this JVM on ML-100K: training epochs, resampling, ranking passes. */
final class InProcessJobs {
  private InProcessJobs() {}

  /**
   * Trains {@code repeat + 1} epochs of the default DeepFM (the first warms the JIT up and is not
   * counted) and reports samples per second, resampling seconds and, after training, the full
   * test ranking pass (942 users x 1447 items, training items masked, top-20) timed {@code repeat}
   * times three ways: stopping at the held-out item's rank, the top 20 with bounds skipping items,
   * and every pair scored (all three must give the same metrics).
   */
  static Map<String, Object> train(RecData data, int threads, AdamMode adam, int repeat, boolean rank) {
    TrainConfig config = TrainConfig.defaults().withSeed(1).withThreads(threads).withAdamMode(adam);
    List<Double> rate = new ArrayList<>();
    List<Double> sample = new ArrayList<>();
    List<Double> rankS = new ArrayList<>();
    List<Double> fullS = new ArrayList<>();
    List<Double> allS = new ArrayList<>();
    try (WorkerPool pool = new WorkerPool(threads)) {
      Network net = Networks.create(ModelConfig.deepFm(), data.schema(), Kernels.best(), pool);
      float[] params = new float[net.layout().size()];
      net.initialize(params, Rng.deriveSeed(1, "init"));
      EpochRunner runner = new EpochRunner(data, net, config, Kernels.best(), pool);
      for (int e = 0; e <= repeat; e++) {
        EpochRunner.Result r = runner.run(e + 1, params, TrainingListener.NONE);
        if (e > 0) {
          rate.add(r.examples() / r.trainSeconds());
          sample.add(r.sampleSeconds());
        }
      }
      if (rank) {
        RankingEvaluator evaluator = new RankingEvaluator(data, pool);
        int[] ks = {5, 10, 20};
        RankingEvaluator.Target test = RankingEvaluator.Target.TEST;
        for (int i = 0; i <= repeat; i++) {
          // each pass makes its own scorer, as the trainer does after every epoch
          long t0 = System.nanoTime();
          var early = evaluator.evaluate(net.scorer(params, data.users(), data.items()), test, ks, false);
          long t1 = System.nanoTime();
          var full = evaluator.evaluateFull(net.scorer(params, data.users(), data.items()), test, ks, false);
          long t2 = System.nanoTime();
          var all = evaluator.evaluateExhaustive(net.scorer(params, data.users(), data.items()), test, ks, false);
          long t3 = System.nanoTime();
          if (!early.equals(all) || !full.equals(all)) {
            throw new IllegalStateException("early-stopping or bounded ranking differs from scoring every pair");
          }
          if (i > 0) {
            rankS.add((t1 - t0) / 1e9);
            fullS.add((t2 - t1) / 1e9);
            allS.add((t3 - t2) / 1e9);
          }
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threads", threads);
    m.put("adam", adam.name().toLowerCase());
    m.put("samples_per_s", Measurements.summary(rate, "samples/s"));
    m.put("resample_s", Measurements.summary(sample, "s"));
    if (rank) {
      m.put("test_evaluation_s", Measurements.summary(rankS, "s"));
      m.put("full_ranking_s", Measurements.summary(fullS, "s"));
      m.put("exhaustive_ranking_s", Measurements.summary(allS, "s"));
    }
    return m;
  }
}
