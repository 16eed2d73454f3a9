package dev.deepfm.core.model;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of a model. Defaults are the reference notebook's: DeepFM, embedding dimension 16,
 * hidden layers 128-64-32, dropout 0.2.
 *
 * @param type which model
 * @param embedDim embedding dimension k
 * @param hidden hidden layer widths of the MLP (DeepFM, deep part, NeuMF's MLP tower)
 * @param dropout dropout rate after each hidden ReLU, in [0, 1)
 * @param fast use the factorized, SIMD, multithreaded network (false: the plain layered one, the
 *     reference; same arithmetic up to float rounding)
 */
public record ModelConfig(ModelType type, int embedDim, List<Integer> hidden, float dropout,
    boolean fast) {

  /** Checks every value once, here. */
  public ModelConfig {
    hidden = List.copyOf(hidden);
    if (embedDim < 1 || embedDim > 1024) {
      throw new IllegalArgumentException("embedding dimension must be in [1, 1024], got " + embedDim);
    }
    for (int h : hidden) {
      if (h < 1 || h > 65536) {
        throw new IllegalArgumentException("hidden layer width must be in [1, 65536], got " + h);
      }
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if ((type == ModelType.DEEPFM || type == ModelType.DEEP) && hidden.isEmpty()) {
      throw new IllegalArgumentException(type.id() + " needs at least one hidden layer");
    }
    if (type == ModelType.NEUMF && hidden.size() < 2) {
      throw new IllegalArgumentException("neumf needs its MLP input width and at least one hidden layer, e.g. 64,32,16");
    }
  }

  /** The reference DeepFM. */
  public static ModelConfig deepFm() {
    return new ModelConfig(ModelType.DEEPFM, 16, List.of(128, 64, 32), 0.2f, true);
  }

  /** The defaults for a model type. */
  public static ModelConfig defaults(ModelType type) {
    return switch (type) {
      case NEUMF -> new ModelConfig(type, 16, List.of(64, 32, 16), 0.0f, true);
      default -> deepFm().withType(type);
    };
  }

  /** A copy with another type. */
  public ModelConfig withType(ModelType t) {
    return new ModelConfig(t, embedDim, hidden, dropout, fast);
  }

  /** A copy with another embedding dimension. */
  public ModelConfig withEmbedDim(int k) {
    return new ModelConfig(type, k, hidden, dropout, fast);
  }

  /** A copy with other hidden layers. */
  public ModelConfig withHidden(int... widths) {
    return new ModelConfig(type, embedDim, Arrays.stream(widths).boxed().toList(), dropout, fast);
  }

  /** A copy with another dropout rate. */
  public ModelConfig withDropout(float p) {
    return new ModelConfig(type, embedDim, hidden, p, fast);
  }

  /** A copy using the fast (true) or plain reference (false) network. */
  public ModelConfig withFast(boolean f) {
    return new ModelConfig(type, embedDim, hidden, dropout, f);
  }

  /** Hidden widths as an array. */
  public int[] hiddenArray() {
    return hidden.stream().mapToInt(Integer::intValue).toArray();
  }
}
