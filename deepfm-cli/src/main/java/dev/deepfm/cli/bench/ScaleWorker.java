package dev.deepfm.cli.bench;

import dev.deepfm.core.data.RecData;
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
import dev.deepfm.datasets.synthetic.SyntheticData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scaling measurement, meant to run in a fresh JVM so that its peak memory is its own:
 * generate synthetic data at a scale of ML-100K, then train DeepFM for a few epochs without
 * evaluation, timing every epoch after the first (which also compiles the code).
 */
final class ScaleWorker {
  private ScaleWorker() {}

  static Map<String, Object> run(double scale, AdamMode adam, int threads, int epochs) {
    long base = Measurements.usedHeapAfterGc();
    long t0 = System.nanoTime();
    RecData data = SyntheticData.generate(SyntheticData.Options.movieLensScaled(scale, 1));
    double genS = (System.nanoTime() - t0) / 1e9;
    TrainConfig config = TrainConfig.defaults().withSeed(1).withThreads(threads).withAdamMode(adam);
    List<Double> epochS = new ArrayList<>();
    List<Double> stepUs = new ArrayList<>();
    long dataBytes;
    long epochBytes;
    int examples;
    try (WorkerPool pool = new WorkerPool(threads)) {
      Network net = Networks.create(ModelConfig.deepFm(), data.schema(), Kernels.best(), pool);
      float[] params = new float[net.layout().size()];
      net.initialize(params, Rng.deriveSeed(1, "init"));
      EpochRunner runner = new EpochRunner(data, net, config, Kernels.best(), pool);
      dataBytes = Measurements.usedHeapAfterGc() - base;
      epochBytes = runner.bytes();
      examples = runner.examples();
      for (int e = 1; e <= epochs; e++) {
        EpochRunner.Result r = runner.run(e, params, TrainingListener.NONE);
        if (e > 1 || epochs == 1) {
          // the first epoch also compiles the code: not counted when there are others
          epochS.add(r.sampleSeconds() + r.trainSeconds());
          stepUs.add(r.trainSeconds() / r.steps() * 1e6);
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scale", scale);
    m.put("adam", adam.name().toLowerCase());
    m.put("threads", threads);
    m.put("users", data.userCount());
    m.put("items", data.itemCount());
    m.put("train_positives", data.split().trainSize());
    m.put("embedding_rows", data.schema().totalRows());
    m.put("examples_per_epoch", examples);
    m.put("generate_s", genS);
    m.put("epoch_s", Measurements.summary(epochS, "s"));
    m.put("step_us", Measurements.summary(stepUs, "us"));
    double best = epochS.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    m.put("samples_per_s", examples / best);
    m.put("retained_heap_bytes", dataBytes);
    m.put("bytes_per_example", (double) dataBytes / examples);
    m.put("epoch_buffers_bytes", epochBytes);
    m.put("peak_rss_bytes", Measurements.peakRssBytes());
    return m;
  }
}
