import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.BatchBuilder;
import dev.deepfm.core.data.NegativeSampler;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.Network;
import dev.deepfm.core.model.Networks;
import dev.deepfm.core.train.Adam;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.util.Rng;
import dev.deepfm.core.util.WorkerPool;
import dev.deepfm.datasets.movielens.MovieLens;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One build's training of the default DeepFM (seed 1) on ML-100K, an epoch per call, timing the
 * three parts of a step as EpochRunner runs them. Loaded once per build by {@code AB}.
 */
public class Runner {
  private WorkerPool pool;
  private Network net;
  private float[] params;
  private float[] grads;
  private Adam adam;
  private NegativeSampler sampler;
  private BatchBuilder builder;
  private Batch batch;
  private int n;
  private int[] order;
  private int[] users;
  private int[] items;
  private float[] labels;

  /** Loads the data and builds the network, on a pool of {@code threads}. */
  public void init(int threads, String data) throws Exception {
    RecData d = MovieLens.load(Path.of(data));
    TrainConfig config = TrainConfig.defaults().withSeed(1).withThreads(threads);
    pool = new WorkerPool(threads);
    Kernels kern = Kernels.best();
    net = Networks.create(ModelConfig.deepFm(), d.schema(), kern, pool);
    params = new float[net.layout().size()];
    net.initialize(params, Rng.deriveSeed(1, "init"));
    adam = new Adam(net.layout(), config.learningRate(), config.weightDecay(), config.adamMode(), kern, pool);
    sampler = new NegativeSampler(d.split(), config.negatives(), config.exclusion());
    builder = new BatchBuilder(d.users(), d.items(), d.schema().totalRows());
    batch = builder.newBatch(config.batchSize());
    grads = new float[net.layout().size()];
    n = sampler.size();
    order = new int[n];
    users = new int[n];
    items = new int[n];
    labels = new float[n];
  }

  /** Epoch {@code e}: {seconds, batch compilation, network step, Adam (us per step), mean loss}. */
  public double[] epoch(int e) {
    sampler.sample(Rng.derive(1, "negatives", e));
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Rng.derive(1, "shuffle", e).shuffle(order, n);
    for (int i = 0; i < n; i++) {
      users[i] = sampler.users()[order[i]];
      items[i] = sampler.items()[order[i]];
      labels[i] = sampler.labels()[order[i]];
    }
    long fill = 0;
    long step = 0;
    long opt = 0;
    double loss = 0;
    int steps = 0;
    long t0 = System.nanoTime();
    for (int from = 0; from < n; from += 256, steps++) {
      long a = System.nanoTime();
      builder.fill(batch, users, items, labels, null, from, Math.min(n, from + 256), null, 0, pool);
      long b = System.nanoTime();
      loss += net.trainStep(batch, params, grads, Rng.deriveSeed(1, "dropout", e, steps));
      long c = System.nanoTime();
      adam.step(batch, params, grads);
      long d = System.nanoTime();
      fill += b - a;
      step += c - b;
      opt += d - c;
    }
    return new double[] {(System.nanoTime() - t0) / 1e9, fill / 1e3 / steps, step / 1e3 / steps,
        opt / 1e3 / steps, loss / n};
  }

  /** A hash of the parameters. */
  public int checksum() {
    return Arrays.hashCode(params);
  }
}
