import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.BatchBuilder;
import dev.deepfm.core.data.NegativeSampler;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.kernel.FmaCeiling;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.Network;
import dev.deepfm.core.model.Networks;
import dev.deepfm.core.train.EpochRunner;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainingListener;
import dev.deepfm.core.util.Rng;
import dev.deepfm.core.util.WorkerPool;
import dev.deepfm.datasets.movielens.MovieLens;
import java.nio.file.Path;

/**
 * Training's share of this machine's arithmetic ceiling, measured at the same moments: counts the
 * default DeepFM's floating-point work per training example over one epoch's batches, then
 * alternates {@link FmaCeiling} with training epochs in one JVM and prints, per epoch, the training
 * rate in GFLOP/s against the ceiling measured just before and just after it.
 *
 * <p>Args: threads, epochs, ML-100K folder.
 */
public final class Ceiling {
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int epochs = Integer.parseInt(args[1]);
    RecData data = MovieLens.load(Path.of(args[2]));
    TrainConfig config = TrainConfig.defaults().withSeed(1).withThreads(threads);
    double flops = flopsPerExample(data, config);
    long iterations = FmaCeiling.calibrate(0.3);
    try (WorkerPool pool = new WorkerPool(threads)) {
      Network net = Networks.create(ModelConfig.deepFm(), data.schema(), Kernels.best(), pool);
      float[] params = new float[net.layout().size()];
      net.initialize(params, Rng.deriveSeed(1, "init"));
      EpochRunner runner = new EpochRunner(data, net, config, Kernels.best(), pool);
      for (int e = 1; e <= epochs; e++) {
        double before = FmaCeiling.gflops(threads, iterations);
        EpochRunner.Result r = runner.run(e, params, TrainingListener.NONE);
        double after = FmaCeiling.gflops(threads, iterations);
        double rate = r.examples() / r.trainSeconds();
        double gf = rate * flops / 1e9;
        System.out.printf("epoch %2d, %d thread%s: %,8.0f samples/s = %5.1f GFLOP/s; ceiling before %5.1f, after %5.1f: %3.0f%%%s%n",
            e, threads, threads == 1 ? "" : "s", rate, gf, before, after, 100 * gf / ((before + after) / 2),
            e == 1 ? " (first epoch: compiling)" : "");
      }
    }
  }

  /**
   * Floating-point operations per training example of the fast engine on the default DeepFM, over
   * epoch 1's batches: the layers above the first (forward, input gradient and weight gradient);
   * the first layer's three 16 x 128 products per distinct row of a batch; and the row sums of the
   * examples' and rows' extended rows, with base rows chosen by FastDeepFm's rule (a field's
   * commonest row when it holds at least an eighth of the batch and twice the field's other rows);
   * plus dense Adam at 12 operations per parameter.
   */
  static double flopsPerExample(RecData data, TrainConfig config) {
    int k = 16;
    int[] dims = {128, 64, 32, 1};
    int h1 = dims[0];
    int width = (h1 + k + 2 + 7) / 8 * 8;
    NegativeSampler sampler = new NegativeSampler(data.split(), config.negatives(), config.exclusion());
    sampler.sample(Rng.derive(1, "negatives", 1));
    int n = sampler.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Rng.derive(1, "shuffle", 1).shuffle(order, n);
    int[] users = new int[n];
    int[] items = new int[n];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      users[i] = sampler.users()[order[i]];
      items[i] = sampler.items()[order[i]];
      labels[i] = sampler.labels()[order[i]];
    }
    BatchBuilder builder = new BatchBuilder(data.users(), data.items(), data.schema().totalRows());
    Batch batch = builder.newBatch(config.batchSize());
    int fields = data.schema().size();
    long rows = 0;
    long live = 0;
    long steps = 0;
    try (WorkerPool pool = new WorkerPool(1)) {
      for (int from = 0; from < n; from += config.batchSize()) {
        builder.fill(batch, users, items, labels, null, from, Math.min(n, from + config.batchSize()), null, 0, pool);
        rows += batch.groups;
        steps++;
        int[] ptr = batch.groupPairPtr;
        for (int f = 0; f < fields; f++) {
          int a = batch.fieldGroupStart[f];
          int b = batch.fieldGroupStart[f + 1];
          int best = 0;
          for (int g = a; g < b; g++) {
            best = Math.max(best, ptr[g + 1] - ptr[g]);
          }
          boolean base = 8L * best >= batch.size && best >= 2 * (b - a - 1);
          live += base ? batch.size - best : batch.size;
        }
      }
    }
    double upper = 0;
    for (int l = 0; l + 1 < dims.length; l++) {
      upper += 3 * 2.0 * dims[l] * dims[l + 1];
    }
    double first = 3 * 2.0 * k * h1 * rows / n;
    double sums = 2 * 2.0 * width * live / n;
    long params = 0;
    try (WorkerPool pool = new WorkerPool(1)) {
      params = Networks.create(ModelConfig.deepFm(), data.schema(), Kernels.best(), pool).layout().size();
    }
    double adam = 12.0 * params * steps / n;
    System.out.printf("flops per example: %.0f above the first layer, %.0f first layer (%.1f distinct rows a batch), "
        + "%.0f row sums (%.2f rows an example), %.0f Adam (%,d parameters): %.0f%n",
        upper, first, (double) rows / steps, sums, (double) live / n, adam, params, upper + first + sums + adam);
    return upper + first + sums + adam;
  }
}
