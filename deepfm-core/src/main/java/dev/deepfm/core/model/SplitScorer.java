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
 *
 * <p>{@link Context#best} skips items it can prove rank below the k-th. Items are grouped in
 * {@link ItemBlocks} of alike first-layer parts; for a user, the range of a block's first-layer
 * inputs, {@code [relu(b1 + U_u + lo), relu(b1 + U_u + hi)]}, is carried through the upper layers
 * as a centre and a radius ({@code c' = W c + b, r' = |W| r}, interval arithmetic), which bounds
 * the MLP output of every item in the block; adding each item's exact FM and linear terms bounds
 * its score. Blocks are scored best bound first, 64 items at a time, and an item is skipped once
 * its bound is below the k-th best exact score so far by more than {@link #MARGIN} (relative),
 * far above float rounding, so the kept items and their scores are those of scoring everything.
 */
final class SplitScorer implements Scorer {
  private static final int BLOCK = 64;
  /** How far (relative to the k-th score, and at least absolute) a bound must fall short to skip. */
  private static final float MARGIN = 1e-3f;

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
  /** Blocks and |W| of the upper layers, made on the first call of {@link Context#best}. */
  private volatile Bounds bounds;

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

  /**
   * What bounding needs beyond the parts: the item blocks, the items' first-layer parts in block
   * order (so that a block's rows are read together), and {@code |W_l|} for l >= 1.
   */
  private static final class Bounds {
    final ItemBlocks blocks;
    final float[] hidden;
    /** Each block's range of item parts as its middle and half-width: blocks x h1 each. */
    final float[] mid;
    final float[] half;
    final float[][] absWeight;

    Bounds(ItemBlocks blocks, float[] itemHidden, int width, DeepFmParams shape, float[] p) {
      this.blocks = blocks;
      absWeight = new float[shape.layers()][];
      for (int l = 1; l < shape.layers(); l++) {
        int off = shape.weight[l].offset();
        absWeight[l] = new float[shape.weight[l].size()];
        for (int j = 0; j < absWeight[l].length; j++) {
          absWeight[l][j] = Math.abs(p[off + j]);
        }
      }
      hidden = new float[itemHidden.length];
      for (int j = 0; j < blocks.order.length; j++) {
        System.arraycopy(itemHidden, blocks.order[j] * width, hidden, j * width, width);
      }
      mid = new float[blocks.lo.length];
      half = new float[blocks.lo.length];
      for (int j = 0; j < mid.length; j++) {
        mid[j] = 0.5f * (blocks.lo[j] + blocks.hi[j]);
        // rounded up past the float error of mid +- half, so that [mid - half, mid + half] holds [lo, hi]
        half[j] = Math.nextUp(Math.max(blocks.hi[j] - mid[j], mid[j] - blocks.lo[j]));
      }
    }
  }

  private Bounds bounds() {
    Bounds b = bounds;
    if (b == null) {
      synchronized (this) {
        b = bounds;
        if (b == null) {
          b = new Bounds(new ItemBlocks(itemHidden, itemSelf.length, h1, kern), itemHidden, h1, shape, p);
          bounds = b;
        }
      }
    }
    return b;
  }

  @Override
  public Context newContext() {
    return new SplitContext();
  }

  final class SplitContext implements Context {
    private final float[] userHidden = new float[Math.max(1, h1)];
    private final float[] userSum = new float[k];
    private final float[] tmp = new float[k];
    private final float[] one = new float[Math.max(1, h1)];
    private final float[][] act;
    /** For {@link #best}: which items are candidates of the current call, and their FM + linear scores. */
    private int[] stamp;
    private int call;
    private float[] other;
    private float[] centre;
    private float[] radius;
    private float[] nextCentre;
    private float[] nextRadius;
    private float[] blockBound;
    private float[] mlpOut;
    private long[] blockKey;
    /** How many candidates the last {@link #best} scored exactly (for tests and measurements). */
    int lastScored;
    private final int[] batchItems = new int[BLOCK];
    private final int[] batchRows = new int[BLOCK];
    private final float[] batchScores = new float[BLOCK];

    SplitContext() {
      int layers = shape.layers();
      act = new float[layers + 1][];
      for (int l = 1; l <= layers; l++) {
        act[l] = new float[BLOCK * shape.dims[l]];
      }
    }

    @Override
    public void score(FeatureTable users, int u, int[] items, int n, float[] out) {
      float base = userParts(users, u);
      for (int from = 0; from < n; from += BLOCK) {
        int m = Math.min(BLOCK, n - from);
        for (int j = 0; j < m; j++) {
          out[from + j] = shallow(base, items[from + j]);
        }
        if (deep) {
          mlp(items, from, m, out);
        }
      }
    }

    /** Computes user u's parts into the context; returns the bias plus the user's own terms. */
    private float userParts(FeatureTable users, int u) {
      java.util.Arrays.fill(userSum, 0f);
      Parts parts = new Parts(userHidden, 0, userSum, 0);
      if (deep) {
        System.arraycopy(p, shape.biasOf[0].offset(), userHidden, 0, h1);
      }
      entityParts(users, u, null, 0, parts, tmp, one);
      return p[shape.bias.offset()] + parts.linear + parts.self;
    }

    /** A pair's score without the MLP: bias, linear and FM terms. */
    private float shallow(float base, int i) {
      float s = base + itemLinear[i];
      if (fm) {
        s += itemSelf[i] + kern.dot(k, userSum, 0, itemSum, i * k);
      }
      return s;
    }

    @Override
    public int best(FeatureTable users, int u, int[] items, int n, TopK top, int[] outItems,
        float[] outScores) {
      if (!deep) {
        return Context.super.best(users, u, items, n, top, outItems, outScores);
      }
      Bounds bd = bounds();
      ItemBlocks blocks = bd.blocks;
      int nb = blocks.count();
      ensureBoundScratch(nb);
      float base = userParts(users, u);
      if (++call == 0) {
        java.util.Arrays.fill(stamp, 0);
        call = 1;
      }
      for (int j = 0; j < n; j++) {
        int i = items[j];
        stamp[i] = call;
        other[i] = shallow(base, i);
      }
      mlpBounds(bd, nb);
      int used = orderBlocks(blocks, nb);
      top.clear();
      lastScored = 0;
      int q = 0;
      while (q < used) {
        float cut = cut(top);
        int m = 0;
        while (q < used && m + ItemBlocks.SIZE <= BLOCK) {
          int b = (int) blockKey[q];
          if (blockBound[b] < cut) {
            q = used;
            break;
          }
          q++;
          float mlpBound = mlpOut[b];
          for (int j = blocks.start[b]; j < blocks.start[b + 1]; j++) {
            int i = blocks.order[j];
            if (stamp[i] == call && !(other[i] + mlpBound < cut)) {
              batchRows[m] = j;
              batchItems[m] = i;
              batchScores[m++] = other[i];
            }
          }
        }
        if (m > 0) {
          lastScored += m;
          mlp(bd.hidden, batchRows, 0, m, batchScores);
          for (int j = 0; j < m; j++) {
            top.offer(batchItems[j], batchScores[j]);
          }
        }
      }
      return top.drain(outItems, outScores);
    }

    /**
     * Bounds each block holding a candidate (its best candidate's FM and linear terms plus the
     * block's MLP bound, NaN read as +inf so that it is never skipped) into {@code blockBound}, and
     * lists those blocks in {@code blockKey}, best bound first; returns how many.
     */
    private int orderBlocks(ItemBlocks blocks, int nb) {
      int used = 0;
      for (int b = 0; b < nb; b++) {
        float best = Float.NEGATIVE_INFINITY;
        boolean any = false;
        for (int j = blocks.start[b]; j < blocks.start[b + 1]; j++) {
          int i = blocks.order[j];
          if (stamp[i] == call) {
            any = true;
            best = Math.max(best, other[i]);
          }
        }
        if (!any) {
          continue;
        }
        float bound = best + mlpOut[b];
        if (bound != bound) {
          bound = Float.POSITIVE_INFINITY;
        }
        blockBound[b] = bound;
        // ascending keys = descending bounds, then ascending block index
        blockKey[used++] = ((long) ~ItemBlocks.sortable(bound) << 32) | b;
      }
      java.util.Arrays.sort(blockKey, 0, used);
      return used;
    }

    /** Scores below this cannot enter {@code top}: its k-th score less the margin, or -inf. */
    private float cut(TopK top) {
      if (!top.full()) {
        return Float.NEGATIVE_INFINITY;
      }
      float tau = top.worstScore();
      return tau - MARGIN * (1f + Math.abs(tau));
    }

    private void ensureBoundScratch(int nb) {
      if (stamp != null) {
        return;
      }
      int items = itemSelf.length;
      stamp = new int[items];
      other = new float[items];
      int maxWidth = 0;
      for (int l = 1; l < shape.dims.length; l++) {
        maxWidth = Math.max(maxWidth, shape.dims[l]);
      }
      centre = new float[nb * maxWidth];
      radius = new float[nb * maxWidth];
      nextCentre = new float[nb * maxWidth];
      nextRadius = new float[nb * maxWidth];
      blockBound = new float[nb];
      mlpOut = new float[nb];
      blockKey = new long[nb];
    }

    /**
     * Interval bounds of every block's MLP output for the current user: the first layer's range
     * after the ReLU as centre and radius, carried up by {@code c' = c W + b}, {@code r' = r |W|}
     * and the ReLU's clamp of [c' - r', c' + r']. Leaves the output bounds in {@code mlpOut}.
     */
    private void mlpBounds(Bounds bd, int nb) {
      int[] dims = shape.dims;
      int layers = shape.layers();
      // the first layer's inputs: user part plus each block's mid-range, and its half-range
      for (int b = 0; b < nb; b++) {
        System.arraycopy(bd.mid, b * h1, centre, b * h1, h1);
        kern.axpy(h1, 1f, userHidden, 0, centre, b * h1);
      }
      System.arraycopy(bd.half, 0, radius, 0, nb * h1);
      kern.intervalRelu(nb * h1, centre, 0, radius, 0);
      float[] c = centre;
      float[] r = radius;
      float[] nc = nextCentre;
      float[] nr = nextRadius;
      for (int l = 1; l < layers; l++) {
        int in = dims[l];
        int out = dims[l + 1];
        kern.gemm(nb, out, in, c, 0, in, p, shape.weight[l].offset(), out, p, shape.biasOf[l].offset(), nc, 0, out);
        kern.gemm(nb, out, in, r, 0, in, bd.absWeight[l], 0, out, null, 0, nr, 0, out);
        if (l + 1 < layers) {
          kern.intervalRelu(nb * out, nc, 0, nr, 0);
          float[] t = c;
          c = nc;
          nc = t;
          t = r;
          r = nr;
          nr = t;
        } else {
          for (int b = 0; b < nb; b++) {
            mlpOut[b] = nc[b] + nr[b];
          }
        }
      }
    }

    private void mlp(int[] items, int from, int m, float[] out) {
      mlp(itemHidden, items, from, m, out);
    }

    /** Adds the MLP outputs of rows {@code rows[from..from+m)} of {@code hidden} to {@code out[from..]}. */
    private void mlp(float[] hidden, int[] rows, int from, int m, float[] out) {
      int[] dims = shape.dims;
      int layers = shape.layers();
      float[] a1 = act[1];
      for (int j = 0; j < m; j++) {
        kern.rowSum(h1, hidden, h1, rows, ones, from + j, from + j + 1, userHidden, 0, a1, j * h1);
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
