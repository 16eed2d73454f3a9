package dev.deepfm.core.model;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.schema.Side;

/**
 * Ranking for the DeepFM family by splitting every term into a user part and an item part:
 *
 * <pre>
 *   first layer   z1(u,i) = b1 + U_u + I_i,      U_u = sum_{user pairs} w W1_f^T E_r (same for I_i)
 *   FM            fm(u,i) = A_u + A_i + &lt;s_u, s_i&gt;, s = sum_f e_f, A = (|s|^2 - sum_f |e_f|^2) / 2
 *   linear        lin(u,i) = lin_u + lin_i
 * </pre>
 *
 * Item parts are computed once when the scorer is made, user parts once per call, so a pair costs
 * an add and a ReLU per first-layer unit, a k-dot product, and the layers above the first (run as
 * blocked matrix products over 64 items at a time).
 */
final class SplitScorer implements Scorer {
  private static final int BLOCK = 64;


  private final DeepFmParams shape;
  private final Kernels kern;
  private final float[] p;
  private final int k;
  private final int h1;
  private final boolean deep;
  private final boolean fm;
  private final boolean firstOrder;
  private final int itemRowStart;
  private final float[] itemHidden;
  private final float[] itemSum;
  private final float[] itemSelf;
  private final float[] itemLinear;
  /** Unit weights for {@link Kernels#rowSum}, as long as any candidate list. */
  private final float[] ones;

  SplitScorer(DeepFmParams shape, Kernels kern, float[] params, FeatureTable items) {
    this.shape = shape;
    this.kern = kern;
    this.p = params.clone();
    this.k = shape.k;
    this.deep = shape.layers() > 0;
    this.h1 = deep ? shape.dims[1] : 0;
    this.fm = shape.config.type().fm();
    this.firstOrder = shape.firstOrder != null;
    int[] itemFields = shape.schema.fieldsOn(Side.ITEM);
    this.itemRowStart = itemFields.length == 0 ? shape.schema.totalRows() : shape.schema.offset(itemFields[0]);
    int n = items.size();
    float[] projected = deep ? project(itemRowStart, shape.schema.totalRows()) : null;
    itemHidden = deep ? new float[n * h1] : null;
    itemSum = new float[n * k];
    itemSelf = new float[n];
    itemLinear = new float[n];
    ones = new float[n];
    java.util.Arrays.fill(ones, 1f);
    float[] tmp = new float[k];
    for (int i = 0; i < n; i++) {
      Parts parts = new Parts(itemHidden, i * h1, itemSum, i * k);
      entityParts(items, i, projected, itemRowStart, parts, tmp, null);
      itemSelf[i] = parts.self;
      itemLinear[i] = parts.linear;
    }
  }

  /** {@code W1_f^T E_r} for every row r in [from, to): (to - from) x h1. */
  private float[] project(int from, int to) {
    float[] out = new float[(to - from) * h1];
    int e = shape.embedding.offset();
    int w1 = shape.weight[0].offset();
    for (int f = 0; f < shape.fields; f++) {
      int a = Math.max(from, shape.schema.offset(f));
      int b = Math.min(to, shape.schema.offset(f) + shape.schema.field(f).vocabSize());
      if (a < b) {
        kern.gemm(b - a, h1, k, p, e + a * k, k, p, w1 + f * k * h1, h1, null, 0, out, (a - from) * h1, h1);
      }
    }
    return out;
  }

  /** Where one entity's parts go. */
  private static final class Parts {
    final float[] hidden;
    final int hiddenOff;
    final float[] sum;
    final int sumOff;
    float self;
    float linear;

    Parts(float[] hidden, int hiddenOff, float[] sum, int sumOff) {
      this.hidden = hidden;
      this.hiddenOff = hiddenOff;
      this.sum = sum;
      this.sumOff = sumOff;
    }
  }

  /**
   * Adds entity {@code e}'s contributions: to the first layer (via {@code projected}, whose row 0
   * is global row {@code rowBase}, or computed on the fly when null), to the FM sum and self term,
   * and to the linear term.
   */
  private void entityParts(FeatureTable table, int e, float[] projected, int rowBase, Parts out,
      float[] tmp, float[] one) {
    int[] rows = table.rows();
    float[] w = table.weights();
    int emb = shape.embedding == null ? 0 : shape.embedding.offset();
    float sq = 0f;
    for (int s = 0; s < table.fieldCount(); s++) {
      int f = table.field(s);
      if (fm) {
        java.util.Arrays.fill(tmp, 0f);
      }
      for (int q = table.bagStart(e, s); q < table.bagEnd(e, s); q++) {
        int r = rows[q];
        if (firstOrder) {
          out.linear += w[q] * p[shape.firstOrder.offset() + r];
        }
        if (fm) {
          kern.axpy(k, w[q], p, emb + r * k, tmp, 0);
        }
        if (deep) {
          if (projected != null) {
            kern.axpy(h1, w[q], projected, (r - rowBase) * h1, out.hidden, out.hiddenOff);
          } else {
            kern.gemm(1, h1, k, p, emb + r * k, k, p, shape.weight[0].offset() + f * k * h1, h1, null, 0, one, 0, h1);
            kern.axpy(h1, w[q], one, 0, out.hidden, out.hiddenOff);
          }
        }
      }
      if (fm) {
        kern.axpy(k, 1f, tmp, 0, out.sum, out.sumOff);
        sq += kern.dot(k, tmp, 0, tmp, 0);
      }
    }
    if (fm) {
      out.self = 0.5f * (kern.dot(k, out.sum, out.sumOff, out.sum, out.sumOff) - sq);
    }
  }

  @Override
  public Context newContext() {
    return new SplitContext();
  }

  private final class SplitContext implements Context {
    private final float[] userHidden = new float[Math.max(1, h1)];
    private final float[] userSum = new float[k];
    private final float[] tmp = new float[k];
    private final float[] one = new float[Math.max(1, h1)];
    private final float[][] act;

    SplitContext() {
      int layers = shape.layers();
      act = new float[layers + 1][];
      for (int l = 1; l <= layers; l++) {
        act[l] = new float[BLOCK * shape.dims[l]];
      }
    }

    @Override
    public void score(FeatureTable users, int u, int[] items, int n, float[] out) {
      java.util.Arrays.fill(userSum, 0f);
      Parts parts = new Parts(userHidden, 0, userSum, 0);
      if (deep) {
        System.arraycopy(p, shape.biasOf[0].offset(), userHidden, 0, h1);
      }
      entityParts(users, u, null, 0, parts, tmp, one);
      float base = p[shape.bias.offset()] + parts.linear + parts.self;
      for (int from = 0; from < n; from += BLOCK) {
        int m = Math.min(BLOCK, n - from);
        for (int j = 0; j < m; j++) {
          int i = items[from + j];
          float s = base + itemLinear[i];
          if (fm) {
            s += itemSelf[i] + kern.dot(k, userSum, 0, itemSum, i * k);
          }
          out[from + j] = s;
        }
        if (deep) {
          mlp(items, from, m, out);
        }
      }
    }

    private void mlp(int[] items, int from, int m, float[] out) {
      int[] dims = shape.dims;
      int layers = shape.layers();
      float[] a1 = act[1];
      for (int j = 0; j < m; j++) {
        kern.rowSum(h1, itemHidden, h1, items, ones, from + j, from + j + 1, userHidden, 0, a1, j * h1);
      }
      kern.relu(m * h1, a1, 0);
      for (int l = 1; l < layers; l++) {
        kern.gemm(m, dims[l + 1], dims[l], act[l], 0, dims[l], p, shape.weight[l].offset(),
            dims[l + 1], p, shape.biasOf[l].offset(), act[l + 1], 0, dims[l + 1]);
        if (l + 1 < layers) {
          kern.relu(m * dims[l + 1], act[l + 1], 0);
        }
      }
      float[] last = act[layers];
      for (int j = 0; j < m; j++) {
        out[from + j] += last[j];
      }
    }
  }
}
