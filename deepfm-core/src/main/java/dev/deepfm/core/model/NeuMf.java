package dev.deepfm.core.model;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.BceWithLogits;
import dev.deepfm.core.nn.Dropout;
import dev.deepfm.core.nn.Init;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.nn.ParamLayout.Slice;
import dev.deepfm.core.schema.FieldKind;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.util.Rng;
import java.util.Arrays;

/**
 * NeuMF (He et al. 2017, "Neural Collaborative Filtering"): a generalised matrix factorisation
 * tower and an MLP tower over user and item ids, fused by a final linear layer.
 *
 * <pre>
 *   g     = P_g[u] * Q_g[i]                         GMF, k factors (element-wise product)
 *   h_0   = [P_m[u], Q_m[i]]                        MLP input, 2 m = hidden[0]
 *   h_l   = relu(h_{l-1} W_l + b_l)                 l = 1..L-1, widths hidden[1..]
 *   logit = [g, h_{L-1}] w_out + b_out
 * </pre>
 *
 * The two embedding tables are indexed by the schema's global rows of the user-id and item-id
 * fields (the first categorical field of each side); every other field is ignored. Without a
 * pre-training phase; trained with the same protocol as every model here.
 */
public final class NeuMf implements Network {
  private final Kernels kern;
  private final int k;
  private final int m;
  private final int[] dims;
  private final float dropout;
  private final int userField;
  private final int itemField;
  private final ParamLayout layout;
  private final Slice gmf;
  private final Slice mlpEmb;
  private final Slice[] weight;
  private final Slice[] bias;
  private final Slice outWeight;
  private final Slice outBias;

  NeuMf(Schema schema, ModelConfig config, Kernels kern) {
    this.kern = kern;
    this.k = config.embedDim();
    int[] hidden = config.hiddenArray();
    if (hidden[0] % 2 != 0) {
      throw new IllegalArgumentException("NeuMF's first MLP width (user and item embeddings side by side) must be even, got " + hidden[0]);
    }
    this.m = hidden[0] / 2;
    this.dims = hidden;
    this.dropout = config.dropout();
    this.userField = firstCategorical(schema, Side.USER);
    this.itemField = firstCategorical(schema, Side.ITEM);
    int rows = schema.totalRows();
    ParamLayout.Builder b = ParamLayout.builder();
    gmf = b.sparse("gmf.embedding", rows, k);
    mlpEmb = b.sparse("mlp.embedding", rows, m);
    weight = new Slice[dims.length - 1];
    bias = new Slice[dims.length - 1];
    for (int l = 0; l + 1 < dims.length; l++) {
      weight[l] = b.dense("mlp." + l + ".weight", dims[l], dims[l + 1]);
      bias[l] = b.dense("mlp." + l + ".bias", 1, dims[l + 1]);
    }
    outWeight = b.dense("out.weight", k + dims[dims.length - 1], 1);
    outBias = b.dense("out.bias", 1, 1);
    layout = b.build();
  }

  private static int firstCategorical(Schema schema, Side side) {
    for (int f : schema.fieldsOn(side)) {
      if (schema.field(f).kind() == FieldKind.CATEGORICAL) {
        return f;
      }
    }
    throw new IllegalArgumentException("NeuMF needs a categorical " + side.name().toLowerCase() + " id field");
  }

  @Override
  public ParamLayout layout() {
    return layout;
  }

  @Override
  public void initialize(float[] p, long seed) {
    Arrays.fill(p, 0f);
    Init.normal(p, gmf, 0.01, Rng.derive(seed, "init.gmf"));
    Init.normal(p, mlpEmb, 0.01, Rng.derive(seed, "init.mlp.embedding"));
    for (int l = 0; l < weight.length; l++) {
      Init.linear(p, weight[l], bias[l], dims[l], Rng.derive(seed, "init.mlp", l));
    }
    Init.linear(p, outWeight, outBias, outWeight.rows(), Rng.derive(seed, "init.out"));
  }

  /** Forward (and backward when {@code g != null}) over a batch; returns the summed loss. */
  private double run(Batch batch, float[] p, float[] g, long seed, float[] logitsOut) {
    int n = batch.size;
    int last = dims[dims.length - 1];
    int[] ru = new int[n];
    int[] ri = new int[n];
    for (int b = 0; b < n; b++) {
      ru[b] = batch.pairRow[batch.bagStart(b, userField)];
      ri[b] = batch.pairRow[batch.bagStart(b, itemField)];
    }
    float[] gv = new float[n * k];
    float[][] act = new float[dims.length][];
    act[0] = new float[n * dims[0]];
    for (int b = 0; b < n; b++) {
      int gu = gmf.offset() + ru[b] * k;
      int gi = gmf.offset() + ri[b] * k;
      for (int j = 0; j < k; j++) {
        gv[b * k + j] = p[gu + j] * p[gi + j];
      }
      System.arraycopy(p, mlpEmb.offset() + ru[b] * m, act[0], b * dims[0], m);
      System.arraycopy(p, mlpEmb.offset() + ri[b] * m, act[0], b * dims[0] + m, m);
    }
    boolean train = g != null;
    for (int l = 0; l + 1 < dims.length; l++) {
      act[l + 1] = new float[n * dims[l + 1]];
      kern.gemm(n, dims[l + 1], dims[l], act[l], 0, dims[l], p, weight[l].offset(), dims[l + 1], p,
          bias[l].offset(), act[l + 1], 0, dims[l + 1]);
      for (int b = 0; b < n; b++) {
        if (train && dropout > 0) {
          kern.reluDropout(dims[l + 1], act[l + 1], b * dims[l + 1], Dropout.maskKey(seed, b, l),
              Dropout.threshold(dropout), 1f / (1f - dropout));
        } else {
          kern.relu(dims[l + 1], act[l + 1], b * dims[l + 1]);
        }
      }
    }
    float[] h = act[dims.length - 1];
    int wo = outWeight.offset();
    float[] logit = new float[n];
    for (int b = 0; b < n; b++) {
      logit[b] = p[outBias.offset()] + kern.dot(k, gv, b * k, p, wo) + kern.dot(last, h, b * last, p, wo + k);
    }
    if (!train) {
      System.arraycopy(logit, 0, logitsOut, 0, n);
      return 0;
    }
    float[] dz = new float[n];
    double loss = BceWithLogits.lossAndGrad(logit, batch.label, 0, n, n, dz);
    // output layer
    float[] dh = new float[n * last];
    for (int b = 0; b < n; b++) {
      g[outBias.offset()] += dz[b];
      kern.axpy(k, dz[b], gv, b * k, g, wo);
      kern.axpy(last, dz[b], h, b * last, g, wo + k);
      kern.axpy(last, dz[b], p, wo + k, dh, b * last);
    }
    // MLP tower, top down
    float keep = 1f / (1f - dropout);
    float[] d = dh;
    for (int l = dims.length - 2; l >= 0; l--) {
      kern.reluBackward(n * dims[l + 1], act[l + 1], 0, d, 0, keep);
      kern.gemmTnAcc(n, dims[l + 1], dims[l], act[l], 0, dims[l], d, 0, dims[l + 1], g, weight[l].offset(), dims[l + 1]);
      for (int b = 0; b < n; b++) {
        kern.axpy(dims[l + 1], 1f, d, b * dims[l + 1], g, bias[l].offset());
      }
      float[] prev = new float[n * dims[l]];
      // prev = d W^T: prev[b][i] = sum_o d[b][o] W[i][o]
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < dims[l]; i++) {
          prev[b * dims[l] + i] = kern.dot(dims[l + 1], d, b * dims[l + 1], p, weight[l].offset() + i * dims[l + 1]);
        }
      }
      d = prev;
    }
    for (int b = 0; b < n; b++) {
      kern.axpy(m, 1f, d, b * dims[0], g, mlpEmb.offset() + ru[b] * m);
      kern.axpy(m, 1f, d, b * dims[0] + m, g, mlpEmb.offset() + ri[b] * m);
      int gu = gmf.offset() + ru[b] * k;
      int gi = gmf.offset() + ri[b] * k;
      for (int j = 0; j < k; j++) {
        float dg = dz[b] * p[wo + j];
        g[gu + j] += dg * p[gi + j];
        g[gi + j] += dg * p[gu + j];
      }
    }
    return loss;
  }

  @Override
  public double trainStep(Batch batch, float[] params, float[] grads, long stepSeed) {
    return run(batch, params, grads, stepSeed, null);
  }

  @Override
  public void predict(Batch batch, float[] params, float[] logits) {
    run(batch, params, null, 0, logits);
  }

  @Override
  public Scorer scorer(float[] params, FeatureTable users, FeatureTable items) {
    return new NeuMfScorer(params.clone(), items);
  }

  /**
   * Ranking with the first MLP layer split into a user part and an item part (it is linear in the
   * concatenated embeddings), and the GMF term as a dot product with the output weights folded in.
   */
  private final class NeuMfScorer implements Scorer {
    private final float[] p;
    private final float[] itemHidden;
    private final int[] itemRow;
    private final int h1;

    NeuMfScorer(float[] p, FeatureTable items) {
      this.p = p;
      this.h1 = dims.length > 1 ? dims[1] : 0;
      int n = items.size();
      itemRow = new int[n];
      itemHidden = new float[n * h1];
      int slot = indexOf(items.fields(), itemField);
      for (int i = 0; i < n; i++) {
        itemRow[i] = items.rows()[items.bagStart(i, slot)];
        if (h1 > 0) {
          // item half of the first layer: Q_m[i] W_0[m..2m)
          kern.gemm(1, h1, m, p, mlpEmb.offset() + itemRow[i] * m, m, p, weight[0].offset() + m * h1, h1,
              null, 0, itemHidden, i * h1, h1);
        }
      }
    }

    @Override
    public Context newContext() {
      return (users, u, items, n, out) -> {
        int slot = indexOf(users.fields(), userField);
        int row = users.rows()[users.bagStart(u, slot)];
        int last = dims[dims.length - 1];
        float[] userHidden = new float[Math.max(1, h1)];
        if (h1 > 0) {
          kern.gemm(1, h1, m, p, mlpEmb.offset() + row * m, m, p, weight[0].offset(), h1, p, bias[0].offset(), userHidden, 0, h1);
        }
        float[] wg = new float[k];
        for (int j = 0; j < k; j++) {
          wg[j] = p[outWeight.offset() + j] * p[gmf.offset() + row * k + j];
        }
        int block = 64;
        float[][] act = new float[dims.length][];
        for (int l = 1; l < dims.length; l++) {
          act[l] = new float[block * dims[l]];
        }
        float[] ones = new float[1];
        ones[0] = 1f;
        int[] single = new int[1];
        for (int from = 0; from < n; from += block) {
          int cnt = Math.min(block, n - from);
          for (int j = 0; j < cnt; j++) {
            single[0] = items[from + j];
            kern.rowSum(h1, itemHidden, h1, single, ones, 0, 1, userHidden, 0, act[1], j * h1);
          }
          kern.relu(cnt * h1, act[1], 0);
          for (int l = 1; l + 1 < dims.length; l++) {
            kern.gemm(cnt, dims[l + 1], dims[l], act[l], 0, dims[l], p, weight[l].offset(), dims[l + 1], p,
                bias[l].offset(), act[l + 1], 0, dims[l + 1]);
            kern.relu(cnt * dims[l + 1], act[l + 1], 0);
          }
          float[] h = act[dims.length - 1];
          for (int j = 0; j < cnt; j++) {
            int i = items[from + j];
            out[from + j] = p[outBias.offset()] + kern.dot(k, wg, 0, p, gmf.offset() + itemRow[i] * k)
                + kern.dot(last, h, j * last, p, outWeight.offset() + k);
          }
        }
      };
    }
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    throw new IllegalArgumentException("field " + v + " not in table");
  }
}
