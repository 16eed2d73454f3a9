package dev.deepfm.core.model;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.BatchBuilder;
import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.nn.BceWithLogits;
import dev.deepfm.core.nn.Dropout;
import dev.deepfm.core.nn.EmbeddingBag;
import dev.deepfm.core.nn.FactorizationMachine;
import dev.deepfm.core.nn.FirstOrder;
import dev.deepfm.core.nn.Linear;
import dev.deepfm.core.nn.ParamLayout;

/**
 * The DeepFM family (Guo et al. 2017) written layer by layer, as in the paper and the reference
 * notebook: the oracle that {@link FastDeepFm} is tested against, slow but plain.
 *
 * <pre>
 *   x_b      = [e_{b,1} .. e_{b,F}]                 EmbeddingBag        B x F k
 *   logit_b  = bias                                                       B
 *            + sum_p w_p v[row_p]                   FirstOrder
 *            + sum_{f<g} &lt;e_{b,f}, e_{b,g}&gt;   FactorizationMachine
 *            + MLP(x_b)                             Linear, ReLU+Dropout, ... Linear(.., 1)
 *   loss     = mean_b BCE(logit_b, y_b)
 * </pre>
 */
public final class PlainDeepFm implements Network {
  private final DeepFmParams shape;
  private final float dropout;

  /** A plain network of the given shape over the schema. */
  PlainDeepFm(DeepFmParams shape) {
    this.shape = shape;
    this.dropout = shape.config.dropout();
  }

  @Override
  public ParamLayout layout() {
    return shape.layout;
  }

  @Override
  public void initialize(float[] params, long seed) {
    shape.initialize(params, seed);
  }

  @Override
  public double trainStep(Batch batch, float[] params, float[] grads, long stepSeed) {
    return run(batch, params, grads, stepSeed, null);
  }

  @Override
  public void predict(Batch batch, float[] params, float[] logits) {
    run(batch, params, null, 0, logits);
  }

  private double run(Batch batch, float[] p, float[] g, long seed, float[] logitsOut) {
    boolean train = g != null;
    int n = batch.size;
    int fields = shape.fields;
    int k = shape.k;
    float[] logit = new float[n];
    java.util.Arrays.fill(logit, p[shape.bias.offset()]);
    if (shape.firstOrder != null) {
      FirstOrder.forward(batch, p, shape.firstOrder.offset(), logit);
    }
    float[] x = null;
    if (shape.embedding != null) {
      x = new float[n * fields * k];
      EmbeddingBag.forward(batch, p, shape.embedding.offset(), k, x);
    }
    if (shape.config.type().fm()) {
      FactorizationMachine.forward(x, n, fields, k, logit);
    }
    int layers = shape.layers();
    int[] dims = shape.dims;
    float[][] act = new float[layers + 1][];
    if (layers > 0) {
      act[0] = x;
      float[] scale = new float[Math.max(1, max(dims))];
      for (int i = 0; i < layers; i++) {
        float[] z = new float[n * dims[i + 1]];
        Linear.forward(act[i], n, dims[i], p, shape.weight[i].offset(), shape.biasOf[i].offset(), dims[i + 1], z);
        if (i < layers - 1) {
          for (int b = 0; b < n; b++) {
            if (train && dropout > 0) {
              Dropout.mask(seed, b, i, dropout, scale, 0, dims[i + 1]);
              Dropout.forward(z, b * dims[i + 1], dims[i + 1], scale, 0);
            } else {
              Dropout.relu(z, b * dims[i + 1], dims[i + 1]);
            }
          }
        }
        act[i + 1] = z;
      }
      for (int b = 0; b < n; b++) {
        logit[b] += act[layers][b];
      }
    }
    if (!train) {
      System.arraycopy(logit, 0, logitsOut, 0, n);
      return 0;
    }
    float[] dlogit = new float[n];
    double loss = BceWithLogits.lossAndGrad(logit, batch.label, 0, n, n, dlogit);
    for (int b = 0; b < n; b++) {
      g[shape.bias.offset()] += dlogit[b];
    }
    if (shape.firstOrder != null) {
      FirstOrder.backward(batch, dlogit, g, shape.firstOrder.offset());
    }
    float[] dx = x == null ? null : new float[x.length];
    if (shape.config.type().fm()) {
      FactorizationMachine.backward(x, dlogit, n, fields, k, dx);
    }
    if (layers > 0) {
      float keep = 1f / (1f - dropout);
      float[] da = dlogit;
      for (int i = layers - 1; i >= 0; i--) {
        if (i < layers - 1) {
          Dropout.backward(act[i + 1], da, 0, n * dims[i + 1], keep);
        }
        float[] dprev = new float[n * dims[i]];
        Linear.backward(act[i], da, n, dims[i], dims[i + 1], p, shape.weight[i].offset(), g,
            shape.biasOf[i].offset(), dprev);
        da = dprev;
      }
      for (int j = 0; j < dx.length; j++) {
        dx[j] += da[j];
      }
    }
    if (dx != null) {
      EmbeddingBag.backward(batch, dx, k, g, shape.embedding.offset());
    }
    return loss;
  }

  private static int max(int[] a) {
    int m = 0;
    for (int v : a) {
      m = Math.max(m, v);
    }
    return m;
  }

  @Override
  public Scorer scorer(float[] params, FeatureTable users, FeatureTable items) {
    float[] p = params.clone();
    int rows = shape.schema.totalRows();
    return () -> (table, u, itemIds, n, out) -> {
      BatchBuilder builder = new BatchBuilder(table, items, rows);
      int chunk = 256;
      Batch batch = builder.newBatch(chunk);
      int[] us = new int[n];
      java.util.Arrays.fill(us, u);
      float[] zero = new float[n];
      float[] logits = new float[chunk];
      for (int from = 0; from < n; from += chunk) {
        int to = Math.min(n, from + chunk);
        builder.fill(batch, us, itemIds, zero, null, from, to, null, 0);
        predict(batch, p, logits);
        System.arraycopy(logits, 0, out, from, to - from);
      }
    };
  }
}
