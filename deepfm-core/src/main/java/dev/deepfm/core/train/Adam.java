package dev.deepfm.core.train;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.nn.ParamLayout.Slice;
import dev.deepfm.core.util.WorkerPool;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's update rule and coupled L2 weight decay (see
 * {@link Kernels#adam}), betas (0.9, 0.999), eps 1e-8. The step <em>consumes</em> the gradient: every
 * entry it reads is set back to zero, so the array is ready for the next batch.
 *
 * <p>In {@link AdamMode#LAZY} mode the rows of sparse slices that the batch did not use are left
 * alone (parameters and moments); the step count for bias correction stays global.
 */
public final class Adam {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private final ParamLayout layout;
  private final float lr;
  private final float weightDecay;
  private final AdamMode mode;
  private final Kernels kern;
  private final WorkerPool pool;
  private final float[] m;
  private final float[] v;
  private long step;

  /** An optimiser with zeroed moments for parameters of the given layout. */
  public Adam(ParamLayout layout, double lr, double weightDecay, AdamMode mode, Kernels kern,
      WorkerPool pool) {
    this.layout = layout;
    this.lr = (float) lr;
    this.weightDecay = (float) weightDecay;
    this.mode = mode;
    this.kern = kern;
    this.pool = pool;
    this.m = new float[layout.size()];
    this.v = new float[layout.size()];
  }

  /** Steps taken so far. */
  public long steps() {
    return step;
  }

  /** Updates {@code p} from {@code g} (then zeroed); {@code batch} tells which rows were used. */
  public void step(Batch batch, float[] p, float[] g) {
    step++;
    float stepSize = (float) (lr / (1 - Math.pow(BETA1, step)));
    float sqrtBc2 = (float) Math.sqrt(1 - Math.pow(BETA2, step));
    if (mode == AdamMode.DENSE) {
      int blocks = (layout.size() + 1023) / 1024;
      pool.run((t, threads) -> {
        int from = Math.min(layout.size(), WorkerPool.share(blocks, t, threads) * 1024);
        int to = Math.min(layout.size(), WorkerPool.share(blocks, t + 1, threads) * 1024);
        if (from < to) {
          update(from, to - from, p, g, stepSize, sqrtBc2);
        }
      });
      return;
    }
    int groups = batch.groups;
    pool.run((t, threads) -> {
      for (Slice s : layout.slices()) {
        if (s.sparseRows()) {
          int cols = s.cols();
          for (int gr = WorkerPool.share(groups, t, threads); gr < WorkerPool.share(groups, t + 1, threads); gr++) {
            update(s.offset() + batch.groupRow[gr] * cols, cols, p, g, stepSize, sqrtBc2);
          }
        } else {
          int from = WorkerPool.share(s.size(), t, threads);
          int to = WorkerPool.share(s.size(), t + 1, threads);
          if (from < to) {
            update(s.offset() + from, to - from, p, g, stepSize, sqrtBc2);
          }
        }
      }
    });
  }

  private void update(int off, int n, float[] p, float[] g, float stepSize, float sqrtBc2) {
    kern.adam(off, n, p, g, m, v, BETA1, BETA2, stepSize, sqrtBc2, EPS, weightDecay);
  }
}
