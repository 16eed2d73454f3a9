package dev.deepfm.core.model;

import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.util.WorkerPool;

/** Builds the network for a model configuration. */
public final class Networks {
  private Networks() {}

  /**
   * The network of {@code config} over {@code schema}: the fast one on {@code pool} with
   * {@code kernels} if {@code config.fast()}, the plain reference otherwise.
   */
  public static Network create(ModelConfig config, Schema schema, Kernels kernels, WorkerPool pool) {
    if (config.type().isDeepFmFamily()) {
      DeepFmParams shape = new DeepFmParams(schema, config);
      return config.fast() ? new FastDeepFm(shape, kernels, pool) : new PlainDeepFm(shape);
    }
    if (config.type() == ModelType.NEUMF) {
      return new NeuMf(schema, config, kernels);
    }
    throw new IllegalArgumentException("no gradient-trained network for model type " + config.type().id());
  }
}
