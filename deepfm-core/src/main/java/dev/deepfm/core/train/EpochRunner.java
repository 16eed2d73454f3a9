package dev.deepfm.core.train;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.BatchBuilder;
import dev.deepfm.core.data.IdMasking;
import dev.deepfm.core.data.NegativeSampler;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.model.Network;
import dev.deepfm.core.util.Rng;
import dev.deepfm.core.util.WorkerPool;

/**
 * One epoch of training, without evaluation: draw negatives, shuffle, and take an Adam step per
 * batch. Owns everything an epoch reuses (the sampler's arrays, the shuffled copies, the batch
 * workspace, the optimiser's moments), so epochs allocate nothing. {@link Trainer} drives it and
 * adds validation and early stopping; benchmarks drive it alone.
 */
public final class EpochRunner {
  /**
   * What an epoch did.
   *
   * @param loss mean training loss per example
   * @param sampleSeconds negatives and shuffling
   * @param trainSeconds the steps
   * @param examples examples seen
   * @param steps steps taken
   */
  public record Result(double loss, double sampleSeconds, double trainSeconds, int examples, int steps) {}

  private final TrainConfig config;
  private final Network net;
  private final Adam adam;
  private final NegativeSampler sampler;
  private final BatchBuilder builder;
  private final Batch batch;
  private final IdMasking masking;
  private final int[] order;
  private final int[] users;
  private final int[] items;
  private final float[] labels;
  private final float[] grads;
  private final WorkerPool pool;

  /** A runner of {@code net} on {@code data}, with the optimiser state it will keep across epochs. */
  public EpochRunner(RecData data, Network net, TrainConfig config, Kernels kernels, WorkerPool pool) {
    this.config = config;
    this.net = net;
    this.pool = pool;
    this.adam = new Adam(net.layout(), config.learningRate(), config.weightDecay(), config.adamMode(), kernels, pool);
    this.sampler = new NegativeSampler(data.split(), config.negatives(), config.exclusion());
    this.builder = new BatchBuilder(data.users(), data.items(), data.schema().totalRows());
    this.batch = builder.newBatch(config.batchSize());
    this.masking = Trainer.masking(data, config.idMaskRate());
    int n = sampler.size();
    this.order = new int[n];
    this.users = new int[n];
    this.items = new int[n];
    this.labels = new float[n];
    this.grads = new float[net.layout().size()];
  }

  /** Examples per epoch. */
  public int examples() {
    return sampler.size();
  }

  /** Steps per epoch. */
  public int steps() {
    return (sampler.size() + config.batchSize() - 1) / config.batchSize();
  }

  /** Bytes held for an epoch's examples and the optimiser (not the data or the model). */
  public long bytes() {
    long n = sampler.size();
    return n * 4 * 7 + 4L * grads.length * 3;
  }

  /** Runs epoch {@code epoch} (1-based) on {@code params}, reporting steps to {@code listener}. */
  public Result run(int epoch, float[] params, TrainingListener listener) {
    long ts = System.nanoTime();
    int n = sampler.size();
    sampler.sample(Rng.derive(config.seed(), "negatives", epoch));
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Rng.derive(config.seed(), "shuffle", epoch).shuffle(order, n);
    // gather into shuffled order once, so that batches read memory sequentially
    int[] su = sampler.users();
    int[] si = sampler.items();
    float[] sl = sampler.labels();
    for (int i = 0; i < n; i++) {
      int e = order[i];
      users[i] = su[e];
      items[i] = si[e];
      labels[i] = sl[e];
    }
    double sampleS = (System.nanoTime() - ts) / 1e9;
    int steps = steps();
    listener.epochStarted(epoch, steps);
    long tt = System.nanoTime();
    double lossSum = 0;
    for (int step = 0; step < steps; step++) {
      int from = step * config.batchSize();
      int to = Math.min(n, from + config.batchSize());
      builder.fill(batch, users, items, labels, null, from, to, masking,
          Rng.deriveSeed(config.seed(), "idmask", epoch, step), pool);
      lossSum += net.trainStep(batch, params, grads, Rng.deriveSeed(config.seed(), "dropout", epoch, step));
      adam.step(batch, params, grads);
      listener.stepFinished(epoch, step + 1, steps);
    }
    double trainS = (System.nanoTime() - tt) / 1e9;
    return new Result(lossSum / n, sampleS, trainS, n, steps);
  }
}
