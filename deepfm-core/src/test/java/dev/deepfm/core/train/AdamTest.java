package dev.deepfm.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.Rng;
import dev.deepfm.core.util.WorkerPool;
import org.junit.jupiter.api.Test;

/** Dense and lazy Adam: which entries move, and that the gradient is consumed. */
class AdamTest {

  @Test
  void lazyTouchesOnlyTheBatchRowsAndDenseTouchesAll() {
    ParamLayout.Builder b = ParamLayout.builder();
    ParamLayout.Slice table = b.sparse("embedding", 10, 3);
    ParamLayout.Slice dense = b.dense("w", 2, 2);
    ParamLayout layout = b.build();
    Rng rng = new Rng(1);
    float[] p0 = TinyData.randomArray(rng, layout.size(), 1);
    float[] g0 = new float[layout.size()];
    Batch batch = new Batch(1, 1, 4);
    batch.groups = 2;
    batch.groupRow[0] = 5;
    batch.groupRow[1] = 2;
    for (int row : new int[] {2, 5}) {
      for (int j = 0; j < 3; j++) {
        g0[table.at(row, j)] = (float) rng.uniform(-1, 1);
      }
    }
    for (int i = dense.offset(); i < dense.offset() + dense.size(); i++) {
      g0[i] = (float) rng.uniform(-1, 1);
    }
    for (int threads : new int[] {1, 2}) {
      try (WorkerPool pool = new WorkerPool(threads)) {
        float[] lazyP = p0.clone();
        float[] lazyG = g0.clone();
        new Adam(layout, 0.01, 0.1, AdamMode.LAZY, Kernels.best(), pool).step(batch, lazyP, lazyG);
        float[] denseP = p0.clone();
        float[] denseG = g0.clone();
        new Adam(layout, 0.01, 0.1, AdamMode.DENSE, Kernels.best(), pool).step(batch, denseP, denseG);
        assertThat(lazyG).containsOnly(0f);
        assertThat(denseG).containsOnly(0f);
        for (int row = 0; row < 10; row++) {
          for (int j = 0; j < 3; j++) {
            int i = table.at(row, j);
            if (row == 2 || row == 5) {
              assertThat(lazyP[i]).isEqualTo(denseP[i]).isNotEqualTo(p0[i]);
            } else {
              assertThat(lazyP[i]).isEqualTo(p0[i]);
              assertThat(denseP[i]).as("weight decay moves unused rows in dense mode").isNotEqualTo(p0[i]);
            }
          }
        }
        for (int i = dense.offset(); i < dense.offset() + dense.size(); i++) {
          assertThat(lazyP[i]).isEqualTo(denseP[i]).isNotEqualTo(p0[i]);
        }
      }
    }
  }
}
