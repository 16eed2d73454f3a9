package dev.deepfm.core.model;

import dev.deepfm.core.nn.Init;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.nn.ParamLayout.Slice;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.util.Rng;

/**
 * The parameters of the DeepFM family, shared by the plain and the fast network so that both read
 * and write the same flat array:
 *
 * <pre>
 *   bias          1 x 1
 *   first_order   R x 1      sparse rows   (if the type has a first-order term)
 *   embedding     R x k      sparse rows   (if FM or deep)
 *   mlp.i.weight  d_i x d_{i+1}            input-major: the transpose of PyTorch's weight
 *   mlp.i.bias    1 x d_{i+1}              d_0 = F k, d_1..d_L = hidden, d_{L+1} = 1
 * </pre>
 *
 * Initialisation as the reference: embeddings and first-order weights N(0, 0.01^2), linear layers
 * PyTorch's default, global bias 0.
 */
final class DeepFmParams {
  final Schema schema;
  final ModelConfig config;
  final ParamLayout layout;
  final Slice bias;
  final Slice firstOrder;
  final Slice embedding;
  final Slice[] weight;
  final Slice[] biasOf;
  /** Layer widths: {@code dims[0] = F k}, then the hidden widths, then 1. */
  final int[] dims;
  final int k;
  final int fields;

  DeepFmParams(Schema schema, ModelConfig config) {
    if (!config.type().isDeepFmFamily()) {
      throw new IllegalArgumentException(config.type() + " is not in the DeepFM family");
    }
    this.schema = schema;
    this.config = config;
    this.k = config.embedDim();
    this.fields = schema.size();
    ModelType t = config.type();
    ParamLayout.Builder b = ParamLayout.builder();
    bias = b.dense("bias", 1, 1);
    int rows = schema.totalRows();
    firstOrder = t.firstOrder() ? b.sparse("first_order", rows, 1) : null;
    embedding = t.fm() || t.deep() ? b.sparse("embedding", rows, k) : null;
    if (t.deep()) {
      int[] hidden = config.hiddenArray();
      dims = new int[hidden.length + 2];
      dims[0] = fields * k;
      System.arraycopy(hidden, 0, dims, 1, hidden.length);
      dims[dims.length - 1] = 1;
      weight = new Slice[dims.length - 1];
      biasOf = new Slice[dims.length - 1];
      for (int i = 0; i < weight.length; i++) {
        weight[i] = b.dense("mlp." + i + ".weight", dims[i], dims[i + 1]);
        biasOf[i] = b.dense("mlp." + i + ".bias", 1, dims[i + 1]);
      }
    } else {
      dims = new int[0];
      weight = new Slice[0];
      biasOf = new Slice[0];
    }
    layout = b.build();
  }

  /** Number of linear layers in the MLP (0 without a deep part). */
  int layers() {
    return weight.length;
  }

  void initialize(float[] p, long seed) {
    java.util.Arrays.fill(p, 0f);
    if (firstOrder != null) {
      Init.normal(p, firstOrder, 0.01, Rng.derive(seed, "init.first_order"));
    }
    if (embedding != null) {
      Init.normal(p, embedding, 0.01, Rng.derive(seed, "init.embedding"));
    }
    for (int i = 0; i < weight.length; i++) {
      Init.linear(p, weight[i], biasOf[i], dims[i], Rng.derive(seed, "init.mlp", i));
    }
  }
}
