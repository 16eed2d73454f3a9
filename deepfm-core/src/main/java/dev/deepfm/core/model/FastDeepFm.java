package dev.deepfm.core.model;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.BceWithLogits;
import dev.deepfm.core.nn.Dropout;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.util.WorkerPool;
import java.util.Arrays;

/**
 * The DeepFM family, fast: the same function and gradients as {@link PlainDeepFm} (up to float
 * rounding), computed with four exact rewrites, SIMD kernels and a team of threads.
 *
 * <ol>
 *   <li><b>Factorized first layer.</b> The first MLP layer is linear in the field embeddings:
 *       {@code z1_b = b1 + sum_f W1_f e_{b,f}} where {@code W1_f} is field f's {@code k x H1} block.
 *       Within a batch, {@code Q_r = W1_f^T E_r} is computed once per distinct row r (a "group":
 *       a batch of 256 has ~600 distinct rows among its 6,144 field slots), then summed per example.
 *       Backward mirrors it: {@code S_r = sum_{b uses r} w dz1_b}, {@code dW1_f += E_r S_r^T},
 *       {@code dE_r += W1_f S_r}.</li>
 *   <li><b>FM by sums of squares</b>, and its gradient {@code dE_r += g_b (s_b - e_{b,f})} summed
 *       per group.</li>
 *   <li><b>Base rows</b> (see {@link #chooseBases}): in a one-hot batch, examples start from the
 *       sum of each field's commonest row and add only the rows where they differ; backward, a
 *       base row's gradient sum is the batch's total less its field's other rows'. Equal in real
 *       arithmetic; it cuts the per-example row sums about fourfold on MovieLens.</li>
 *   <li><b>Ranking split</b> (see {@link #scorer}): a user's and an item's contributions to the
 *       first layer, the FM and the linear term are computed once each, so a (user, item) pair
 *       costs only the layers above the first.</li>
 * </ol>
 *
 * <p>The per-example and per-group sums are fused into one weighted row sum each. A group's
 * <em>extended row</em> is {@code [Q_r | E_r | v_r | |E_r|^2]} (first layer, FM sum, first-order
 * weight, FM square), so summing an example's groups gives its first-layer input, FM sum, linear
 * term and FM square term at once. Backward, an example's extended gradient row
 * {@code [dz1_b | g_b s_b | g_b]} summed over a group's examples gives {@code S_r}, the FM gradient
 * and the first-order gradient at once.
 *
 * <p>Threads split a step into phases: groups (gather, extended rows); chunks of 64 examples (the
 * rest of the forward pass and the backward pass down to {@code dz1}); groups again (group sums,
 * then, after a barrier when base rows are used, embedding gradients); columns of {@code W1} and
 * parameter ranges (weight gradients, chunk reduction). Every sum runs in an order fixed by the
 * batch, never by the thread count: the same seed gives the same model, bit for bit, on 1 or 8
 * threads.
 */
public final class FastDeepFm implements Network {
  /** Examples per chunk: the unit of per-example work and of partial weight gradients. */
  static final int CHUNK = 64;

  private final DeepFmParams shape;
  private final Kernels kern;
  private final WorkerPool pool;
  private final int k;
  /** Embedding width in the extended rows (0 without an embedding table). */
  private final int kk;
  private final int fields;
  private final int layers;
  private final int[] dims;
  private final int h1;
  private final boolean deep;
  private final boolean fm;
  private final boolean firstOrder;
  private final float dropout;
  private final float keep;
  /** Whether each field is categorical (one row of weight 1 per example). */
  private final boolean[] categoricalField;
  /** Extended row layout: [0, h1) first layer, [h1, h1 + kk) FM sum, then linear, then FM square. */
  private final int colLinear;
  private final int colSquare;
  private final int width;
  /** Offset in the parameter array of the tail region {@code [mlp.0.bias, end)}. */
  private final int tailOff;
  private final int tailSize;

  private int capacity = -1;
  private int maxGroups;
  private float[] egath;
  private float[] ext;
  private float[] x1;
  private float[] g1;
  private float[] sGroup;
  private float[] deTmp;
  private float[] init;
  private float[][] act;
  private float[][] grad;
  private float[][] mirror;
  private float[] logit;
  private float[] dlogit;
  private double[] loss;
  private float[][] chunkGrad;
  private float[][] scratchK;
  /** Base rows (see {@link #chooseBases}): whether this step uses them. */
  private boolean based;
  /** Per group: true for a field's base group. */
  private boolean[] isBase;
  /** The extended row every example starts from: the first layer's bias plus the base rows. */
  private float[] baseInit;
  /** Per example: its groups other than base groups, from {@code b * fields}. */
  private int[] live;
  /** Per group, the cumulative cost of its sum without base groups (for splitting it over threads). */
  private long[] liveCost;
  /** Per chunk, the sum of its examples' extended gradient rows; and their total. */
  private float[][] chunkTotal;
  private float[] gradTotal;

  /** A fast network of the given shape, running on {@code pool}. */
  FastDeepFm(DeepFmParams shape, Kernels kern, WorkerPool pool) {
    this.shape = shape;
    this.kern = kern;
    this.pool = pool;
    this.k = shape.k;
    this.kk = shape.embedding == null ? 0 : k;
    this.fields = shape.fields;
    this.layers = shape.layers();
    this.dims = shape.dims;
    this.deep = layers > 0;
    this.h1 = deep ? dims[1] : 0;
    this.fm = shape.config.type().fm();
    this.firstOrder = shape.firstOrder != null;
    this.dropout = shape.config.dropout();
    this.keep = 1f / (1f - dropout);
    this.categoricalField = new boolean[fields];
    for (int f = 0; f < fields; f++) {
      categoricalField[f] = shape.schema.field(f).kind() == dev.deepfm.core.schema.FieldKind.CATEGORICAL;
    }
    this.colLinear = h1 + kk;
    this.colSquare = colLinear + 1;
    this.width = (colSquare + 1 + 7) / 8 * 8;
    if (deep) {
      tailOff = shape.biasOf[0].offset();
      ParamLayout.Slice last = shape.biasOf[layers - 1];
      tailSize = last.offset() + last.size() - tailOff;
      if (shape.weight[0].offset() + shape.weight[0].size() != tailOff) {
        throw new IllegalStateException("MLP slices must follow mlp.0.weight contiguously");
      }
    } else {
      tailOff = 0;
      tailSize = 0;
    }
  }

  @Override
  public ParamLayout layout() {
    return shape.layout;
  }

  @Override
  public void initialize(float[] params, long seed) {
    shape.initialize(params, seed);
  }

  private void ensureCapacity(Batch batch) {
    if (batch.capacity <= capacity && batch.pairRow.length <= maxGroups) {
      return;
    }
    capacity = batch.capacity;
    maxGroups = batch.pairRow.length;
    int threads = pool.threads();
    egath = new float[maxGroups * Math.max(1, kk)];
    ext = new float[maxGroups * width];
    sGroup = new float[maxGroups * width];
    x1 = new float[capacity * width];
    g1 = new float[capacity * width];
    init = new float[width];
    logit = new float[capacity];
    dlogit = new float[capacity];
    loss = new double[capacity];
    scratchK = padded(threads, 2 * k);
    isBase = new boolean[maxGroups];
    baseInit = new float[width];
    live = new int[capacity * fields];
    liveCost = new long[maxGroups + 1];
    chunkTotal = new float[(capacity + CHUNK - 1) / CHUNK][width];
    gradTotal = new float[width];
    if (deep) {
      deTmp = new float[maxGroups * kk];
      act = new float[layers + 1][];
      grad = new float[layers + 1][];
      mirror = new float[layers][];
      act[1] = x1;
      grad[1] = g1;
      for (int l = 2; l <= layers; l++) {
        act[l] = new float[capacity * dims[l]];
        grad[l] = new float[capacity * dims[l]];
      }
      for (int l = 0; l < layers; l++) {
        mirror[l] = new float[dims[l] * dims[l + 1]];
      }
      int chunks = (capacity + CHUNK - 1) / CHUNK;
      chunkGrad = new float[chunks][tailSize];
    }
  }

  /** Row stride of layer {@code l}'s activations and gradients (layer 1 lives in the extended rows). */
  private int stride(int l) {
    return l == 1 ? width : dims[l];
  }

  /**
   * Per-thread scratch arrays, each followed by a dead array so that two threads' arrays never
   * share a cache line (false sharing halves the speed of the per-example loop).
   */
  private static float[][] padded(int threads, int n) {
    float[][] out = new float[threads][];
    float[][] pads = new float[threads][];
    for (int t = 0; t < threads; t++) {
      out[t] = new float[n];
      pads[t] = new float[32];
    }
    padSink = pads;
    return out;
  }

  @SuppressWarnings("unused")
  private static volatile Object padSink;

  @Override
  public double trainStep(Batch batch, float[] p, float[] g, long stepSeed) {
    ensureCapacity(batch);
    int n = batch.size;
    int groups = batch.groups;
    prepareInit(p);
    // Phase 1: transposed copies of the upper weights; gathered rows; extended rows per group.
    pool.run((t, threads) -> {
      if (deep) {
        transposeShare(p, t, threads);
      }
      extend(batch, p, WorkerPool.share(groups, t, threads), WorkerPool.share(groups, t + 1, threads));
    });
    chooseBases(batch);
    // Phase 2: per chunk of examples, forward to the loss and backward to dz1.
    int chunks = (n + CHUNK - 1) / CHUNK;
    pool.run((t, threads) -> {
      for (int c = t; c < chunks; c += threads) {
        int r0 = c * CHUNK;
        int r1 = Math.min(n, r0 + CHUNK);
        forwardChunk(batch, p, r0, r1, t, stepSeed, true);
        lossChunk(batch, r0, r1, n);
        backwardChunk(r0, r1, deep ? chunkGrad[c] : null);
      }
    });
    double total = 0;
    float dbias = 0f;
    for (int b = 0; b < n; b++) {
      total += loss[b];
      dbias += dlogit[b];
    }
    g[shape.bias.offset()] += dbias;
    // Phase 3: per group, the sums of extended gradient rows, and the sparse gradients.
    if (based) {
      // base groups' sums come from the total, once the other groups' sums are all in
      pool.run((t, threads) -> groupSums(batch, costShare(gr -> liveCost[gr], groups, t, threads),
          costShare(gr -> liveCost[gr], groups, t + 1, threads), true));
      Arrays.fill(gradTotal, 0f);
      for (int c = 0; c < chunks; c++) {
        kern.axpy(width, 1f, chunkTotal[c], 0, gradTotal, 0);
      }
      pool.run((t, threads) -> groupGrads(batch, p, g, WorkerPool.share(groups, t, threads),
          WorkerPool.share(groups, t + 1, threads), t));
    } else {
      pool.run((t, threads) -> {
        int g0 = pairShare(batch, t, threads);
        int g1r = pairShare(batch, t + 1, threads);
        groupSums(batch, g0, g1r, false);
        groupGrads(batch, p, g, g0, g1r, t);
      });
    }
    // Phase 4: dW1 by column blocks, MLP tail by ranges (fixed chunk order).
    if (deep) {
      pool.run((t, threads) -> {
        int unit = 8;
        int blocks = (h1 + unit - 1) / unit;
        int c0 = Math.min(h1, WorkerPool.share(blocks, t, threads) * unit);
        int c1 = Math.min(h1, WorkerPool.share(blocks, t + 1, threads) * unit);
        if (c0 < c1) {
          weight1Grad(batch, g, c0, c1);
        }
        int j0 = WorkerPool.share(tailSize, t, threads);
        int j1 = WorkerPool.share(tailSize, t + 1, threads);
        for (int c = 0; c < chunks; c++) {
          float[] cg = chunkGrad[c];
          for (int j = j0; j < j1; j++) {
            g[tailOff + j] += cg[j];
          }
        }
      });
    }
    return total;
  }

  /**
   * Start of share {@code t} of the batch's groups split in {@code parts} contiguous ranges of
   * about equal backward cost: a group costs a row sum per pair plus a fixed {@link #GROUP_COST}
   * (its first-layer gradient), in pairs. Splitting by group count instead gave one thread the
   * item fields' dense groups (a genre value's ~128 pairs) and the other the sparse user ids.
   */
  static int pairShare(Batch batch, int t, int parts) {
    return costShare(g -> batch.groupPairPtr[g] + (long) GROUP_COST * g, batch.groups, t, parts);
  }

  /**
   * Start of share {@code t} of {@code groups} groups split in {@code parts} contiguous ranges of
   * about equal cost, given the cumulative cost before each group (non-decreasing, {@code groups
   * + 1} entries): the first group whose cumulative cost reaches the share's target.
   */
  static int costShare(java.util.function.IntToLongFunction before, int groups, int t, int parts) {
    if (t <= 0) {
      return 0;
    }
    if (t >= parts) {
      return groups;
    }
    long target = before.applyAsLong(groups) * t / parts;
    int lo = 0;
    int hi = groups;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (before.applyAsLong(mid) < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Base rows, an exact rewrite of the sums over a batch's groups when the batch is one-hot. In a
   * field where one group holds at least an eighth of the examples and twice as many as the
   * field has other groups (a genre's 0, a gender, the commonest age or occupation), that group
   * is the field's base: every example starts from the sum of the base rows, and a
   * field's other groups hold their difference from its base, so an example adds only the rows
   * where it differs from the bases (about 6 of 24 on MovieLens, not 24). Backward, a base group's
   * sum of gradient rows is the batch's total less its field's other groups'. The sums are equal
   * in real arithmetic, not bit for bit; every sum still runs in an order fixed by the batch.
   */
  private void chooseBases(Batch batch) {
    int groups = batch.groups;
    int n = batch.size;
    based = false;
    if (!batch.oneHot) {
      return;
    }
    Arrays.fill(isBase, 0, groups, false);
    System.arraycopy(init, 0, baseInit, 0, width);
    int[] ptr = batch.groupPairPtr;
    for (int f = 0; f < fields; f++) {
      int a = batch.fieldGroupStart[f];
      int e = batch.fieldGroupStart[f + 1];
      int best = -1;
      int bestPairs = 0;
      for (int gr = a; gr < e; gr++) {
        if (ptr[gr + 1] - ptr[gr] > bestPairs) {
          best = gr;
          bestPairs = ptr[gr + 1] - ptr[gr];
        }
      }
      // a base saves a row per example of its group, forward and backward, and costs a row per
      // other group of its field both ways; below an eighth of the batch it is not worth the
      // cancellation in its backward sum (the total less most of the batch)
      if (best < 0 || 8L * bestPairs < n || bestPairs < 2 * (e - a - 1)) {
        continue;
      }
      isBase[best] = true;
      based = true;
      kern.axpy(width, 1f, ext, best * width, baseInit, 0);
      for (int gr = a; gr < e; gr++) {
        if (gr != best) {
          kern.axpy(width, -1f, ext, best * width, ext, gr * width);
        }
      }
    }
    if (based) {
      liveCost[0] = 0;
      for (int gr = 0; gr < groups; gr++) {
        liveCost[gr + 1] = liveCost[gr] + 1 + (isBase[gr] ? 0 : ptr[gr + 1] - ptr[gr]);
      }
    }
  }

  /** Whether the last step or prediction used base rows (for tests). */
  boolean usedBases() {
    return based;
  }

  /** A group's fixed backward cost in pairs' worth of row sums (a k x h1 product vs a width-wide row). */
  private static final int GROUP_COST = 16;

  /** The initial value of every example's extended row: the first layer's bias, zeros elsewhere. */
  private void prepareInit(float[] p) {
    java.util.Arrays.fill(init, 0f);
    if (deep) {
      System.arraycopy(p, shape.biasOf[0].offset(), init, 0, h1);
    }
  }

  /**
   * This thread's share of the out-major copies of the weights, in 16 x 16 tiles: the upper layers'
   * for the backward pass to dz1, the first layer's for the embedding gradients (a product with it
   * sums in a fixed order, where dot products with W1's own rows would end in horizontal sums).
   */
  private void transposeShare(float[] p, int t, int threads) {
    for (int l = 0; l < layers; l++) {
      int in = dims[l];
      int out = dims[l + 1];
      int tiles = (in + 15) / 16;
      int i0 = Math.min(in, WorkerPool.share(tiles, t, threads) * 16);
      int i1 = Math.min(in, WorkerPool.share(tiles, t + 1, threads) * 16);
      int w = shape.weight[l].offset();
      float[] m = mirror[l];
      for (int ib = i0; ib < i1; ib += 16) {
        int ie = Math.min(i1, ib + 16);
        for (int ob = 0; ob < out; ob += 16) {
          int oe = Math.min(out, ob + 16);
          int i = ib;
          // four source rows at a time: each output row gets four adjacent floats per visit
          for (; i + 4 <= ie; i += 4) {
            int s0 = w + i * out;
            int s1 = s0 + out;
            int s2 = s1 + out;
            int s3 = s2 + out;
            for (int o = ob; o < oe; o++) {
              int d = o * in + i;
              m[d] = p[s0 + o];
              m[d + 1] = p[s1 + o];
              m[d + 2] = p[s2 + o];
              m[d + 3] = p[s3 + o];
            }
          }
          for (; i < ie; i++) {
            int src = w + i * out;
            for (int o = ob; o < oe; o++) {
              m[o * in + i] = p[src + o];
            }
          }
        }
      }
    }
  }

  /**
   * Gathers the embedding rows of groups [g0, g1) and writes their extended rows
   * {@code [W1_f^T E_r | E_r | v_r | |E_r|^2]}.
   */
  private void extend(Batch batch, float[] p, int g0, int g1) {
    int e = kk > 0 ? shape.embedding.offset() : 0;
    int fo = firstOrder ? shape.firstOrder.offset() : 0;
    for (int g = g0; g < g1; g++) {
      int row = batch.groupRow[g];
      int x = g * width;
      if (kk > 0) {
        System.arraycopy(p, e + row * kk, egath, g * kk, kk);
        System.arraycopy(p, e + row * kk, ext, x + h1, kk);
      }
      ext[x + colLinear] = firstOrder ? p[fo + row] : 0f;
      ext[x + colSquare] = kk > 0 ? kern.dot(kk, p, e + row * kk, p, e + row * kk) : 0f;
    }
    if (deep) {
      int w1 = shape.weight[0].offset();
      for (int f = 0; f < fields; f++) {
        int a = Math.max(g0, batch.fieldGroupStart[f]);
        int b = Math.min(g1, batch.fieldGroupStart[f + 1]);
        if (a < b) {
          kern.gemm(b - a, h1, k, egath, a * k, k, p, w1 + f * k * h1, h1, null, 0, ext, a * width, width);
        }
      }
    }
  }

  /** True if example b has exactly one pair of weight 1 per field (the all-categorical case). */
  private boolean unitPairs(Batch batch, int b) {
    if (batch.bagEnd(b, fields - 1) - batch.bagStart(b, 0) != fields) {
      return false;
    }
    for (int q2 = batch.bagStart(b, 0); q2 < batch.bagEnd(b, fields - 1); q2++) {
      if (batch.pairWeight[q2] != 1f) {
        return false;
      }
    }
    return true;
  }

  /**
   * The pooled embedding of example b's field f: an offset into {@code egath} when the field holds
   * one row with weight 1, else pooled into {@code tmp} at offset 0 and returned as -1.
   */
  private int pooled(Batch batch, int b, int f, float[] tmp) {
    int from = batch.bagStart(b, f);
    int to = batch.bagEnd(b, f);
    if (to - from == 1 && batch.pairWeight[from] == 1f) {
      return batch.pairGroup[from] * kk;
    }
    Arrays.fill(tmp, 0, kk, 0f);
    for (int q2 = from; q2 < to; q2++) {
      kern.axpy(kk, batch.pairWeight[q2], egath, batch.pairGroup[q2] * kk, tmp, 0);
    }
    return -1;
  }

  private void forwardChunk(Batch batch, float[] p, int r0, int r1, int t, long seed,
      boolean train) {
    float bias = p[shape.bias.offset()];
    float[] tmp = scratchK[t];
    for (int b = r0; b < r1; b++) {
      int from = batch.bagStart(b, 0);
      int to = batch.bagEnd(b, fields - 1);
      int x = b * width;
      // one weighted sum of the example's extended rows: first layer, FM sum, linear, FM square
      if (based) {
        // from the base rows' sum, add the groups where this example differs from the bases
        int c = from;
        for (int q = from; q < to; q++) {
          int gq = batch.pairGroup[q];
          if (!isBase[gq]) {
            live[c++] = gq;
          }
        }
        // a one-hot batch's pair weights are all 1, so they serve for the kept groups too
        kern.rowSum(width, ext, width, live, batch.pairWeight, from, c, baseInit, 0, x1, x);
      } else {
        kern.rowSum(width, ext, width, batch.pairGroup, batch.pairWeight, from, to, init, 0, x1, x);
      }
      float z = bias + x1[x + colLinear];
      if (fm) {
        float sq = x1[x + colSquare];
        if (!unitPairs(batch, b)) {
          // with bags or numeric values the square term is of each field's pooled embedding
          sq = 0f;
          for (int f = 0; f < fields; f++) {
            int at = pooled(batch, b, f, tmp);
            float[] src = at < 0 ? tmp : egath;
            int off = Math.max(at, 0);
            sq += kern.dot(kk, src, off, src, off);
          }
          x1[x + colSquare] = sq;
        }
        z += 0.5f * (kern.dot(kk, x1, x + h1, x1, x + h1) - sq);
      }
      logit[b] = z;
      if (deep) {
        activate(x1, x, h1, b, 0, seed, train);
      }
    }
    if (deep) {
      int m = r1 - r0;
      for (int l = 1; l < layers; l++) {
        kern.gemm(m, dims[l + 1], dims[l], act[l], r0 * stride(l), stride(l),
            p, shape.weight[l].offset(), dims[l + 1], p, shape.biasOf[l].offset(),
            act[l + 1], r0 * stride(l + 1), stride(l + 1));
        if (l + 1 < layers) {
          for (int b = r0; b < r1; b++) {
            activate(act[l + 1], b * stride(l + 1), dims[l + 1], b, l, seed, train);
          }
        }
      }
      float[] out = act[layers];
      for (int b = r0; b < r1; b++) {
        logit[b] += out[b];
      }
    }
  }

  private void activate(float[] z, int off, int n, int b, int layer, long seed, boolean train) {
    if (train && dropout > 0) {
      kern.reluDropout(n, z, off, Dropout.maskKey(seed, b, layer), Dropout.threshold(dropout), keep);
    } else {
      kern.relu(n, z, off);
    }
  }

  private void lossChunk(Batch batch, int r0, int r1, int n) {
    // per-example losses are kept and summed in example order later, whatever the threads
    for (int b = r0; b < r1; b++) {
      loss[b] = BceWithLogits.lossAndGrad(logit, batch.label, b, b + 1, n, dlogit);
    }
  }

  /** Backward through the MLP down to dz1, then each example's extended gradient row. */
  private void backwardChunk(int r0, int r1, float[] cg) {
    int m = r1 - r0;
    if (deep) {
      Arrays.fill(cg, 0f);
      float[] dout = grad[layers];
      System.arraycopy(dlogit, r0, dout, r0, m);
      for (int l = layers - 1; l >= 1; l--) {
        int in = dims[l];
        int out = dims[l + 1];
        int sIn = stride(l);
        int sOut = stride(l + 1);
        int wRel = shape.weight[l].offset() - tailOff;
        int bRel = shape.biasOf[l].offset() - tailOff;
        kern.gemmTnAcc(m, out, in, act[l], r0 * sIn, sIn, grad[l + 1], r0 * sOut, sOut, cg, wRel, out);
        columnSum(grad[l + 1], r0, r1, out, sOut, cg, bRel);
        kern.gemm(m, in, out, grad[l + 1], r0 * sOut, sOut, mirror[l], 0, in, null, 0, grad[l], r0 * sIn, sIn);
        if (sIn == in) {
          kern.reluBackward(m * in, act[l], r0 * in, grad[l], r0 * in, keep);
        } else {
          for (int b = r0; b < r1; b++) {
            kern.reluBackward(in, act[l], b * sIn, grad[l], b * sIn, keep);
          }
        }
      }
      if (!based) {
        columnSum(g1, r0, r1, h1, width, cg, 0);
      }
    }
    for (int b = r0; b < r1; b++) {
      int x = b * width;
      float d = dlogit[b];
      for (int j = h1; j < colLinear; j++) {
        g1[x + j] = fm ? d * x1[x + j] : 0f;
      }
      g1[x + colLinear] = d;
    }
    if (based) {
      float[] ct = chunkTotal[r0 / CHUNK];
      Arrays.fill(ct, 0f);
      columnSum(g1, r0, r1, width, width, ct, 0);
      if (deep) {
        // its first h1 columns are the first layer's bias gradient, summed from zero the same way
        System.arraycopy(ct, 0, cg, 0, h1);
      }
    }
  }

  private void columnSum(float[] x, int r0, int r1, int cols, int stride, float[] out, int off) {
    kern.columnSum(r1 - r0, cols, x, r0 * stride, stride, out, off);
  }

  /**
   * Per group in [g0, g1r), S_r, the sum of c_p s_b and the sum of c_p (c_p = w_p g_b), in one
   * weighted sum of extended gradient rows; base groups are skipped if {@code skipBase}.
   */
  private void groupSums(Batch batch, int g0, int g1r, boolean skipBase) {
    for (int gr = g0; gr < g1r; gr++) {
      if (!(skipBase && isBase[gr])) {
        kern.rowSum(width, g1, width, batch.groupPairExample, batch.groupPairWeight,
            batch.groupPairPtr[gr], batch.groupPairPtr[gr + 1], null, 0, sGroup, gr * width);
      }
    }
  }

  /** The sparse gradients of groups [g0, g1r) from their sums (a base group's sum first). */
  private void groupGrads(Batch batch, float[] p, float[] g, int g0, int g1r, int t) {
    float[] tmp = scratchK[t];
    int e = kk > 0 ? shape.embedding.offset() : 0;
    int fo = firstOrder ? shape.firstOrder.offset() : 0;
    for (int gr = g0; gr < g1r; gr++) {
      int row = batch.groupRow[gr];
      int from = batch.groupPairPtr[gr];
      int to = batch.groupPairPtr[gr + 1];
      int s = gr * width;
      if (based && isBase[gr]) {
        // the batch's total less the sums of the field's other groups
        System.arraycopy(gradTotal, 0, sGroup, s, width);
        int f = batch.groupField[gr];
        for (int o = batch.fieldGroupStart[f]; o < batch.fieldGroupStart[f + 1]; o++) {
          if (o != gr) {
            kern.axpy(width, -1f, sGroup, o * width, sGroup, s);
          }
        }
      }
      float csum = sGroup[s + colLinear];
      if (firstOrder) {
        g[fo + row] += csum;
      }
      if (fm) {
        int dst = e + row * kk;
        kern.axpy(kk, 1f, sGroup, s + h1, g, dst);
        if (categoricalField[batch.groupField[gr]]) {
          // every pair of this group is the row itself: dE -= E_r sum_p c_p
          kern.axpy(kk, -csum, egath, gr * kk, g, dst);
        } else {
          int f = batch.groupField[gr];
          for (int i = from; i < to; i++) {
            int b = batch.groupPairExample[i];
            float c = batch.groupPairWeight[i] * dlogit[b];
            int at = pooled(batch, b, f, tmp);
            kern.axpy(kk, -c, at < 0 ? tmp : egath, Math.max(at, 0), g, dst);
          }
        }
      }
    }
    if (deep) {
      for (int f = 0; f < fields; f++) {
        int a = Math.max(g0, batch.fieldGroupStart[f]);
        int b = Math.min(g1r, batch.fieldGroupStart[f + 1]);
        if (a < b) {
          // dE_r += W1_f S_r, with field f's columns of the out-major copy of W1
          kern.gemm(b - a, kk, h1, sGroup, a * width, width, mirror[0], f * k, dims[0], null, 0, deTmp, a * kk, kk);
        }
      }
      for (int gr = g0; gr < g1r; gr++) {
        kern.axpy(kk, 1f, deTmp, gr * kk, g, e + batch.groupRow[gr] * kk);
      }
    }
  }

  private void weight1Grad(Batch batch, float[] g, int c0, int c1) {
    int w1 = shape.weight[0].offset();
    for (int f = 0; f < fields; f++) {
      int a = batch.fieldGroupStart[f];
      int b = batch.fieldGroupStart[f + 1];
      if (a < b) {
        kern.gemmTnAcc(b - a, c1 - c0, k, egath, a * k, k, sGroup, a * width + c0, width,
            g, w1 + f * k * h1 + c0, h1);
      }
    }
  }

  @Override
  public void predict(Batch batch, float[] p, float[] logits) {
    ensureCapacity(batch);
    int n = batch.size;
    int groups = batch.groups;
    prepareInit(p);
    pool.run((t, threads) -> extend(batch, p, WorkerPool.share(groups, t, threads), WorkerPool.share(groups, t + 1, threads)));
    chooseBases(batch);
    int chunks = (n + CHUNK - 1) / CHUNK;
    pool.run((t, threads) -> {
      for (int c = t; c < chunks; c += threads) {
        int r0 = c * CHUNK;
        forwardChunk(batch, p, r0, Math.min(n, r0 + CHUNK), t, 0, false);
      }
    });
    System.arraycopy(logit, 0, logits, 0, n);
  }

  @Override
  public Scorer scorer(float[] params, FeatureTable users, FeatureTable items) {
    return new SplitScorer(shape, kern, params, items);
  }
}
