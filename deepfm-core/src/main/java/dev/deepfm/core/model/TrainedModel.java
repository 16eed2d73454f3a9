package dev.deepfm.core.model;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.nn.ParamLayout;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.util.WorkerPool;

/**
 * A trained model: its configuration, the schema it reads and its parameters. Immutable (the
 * parameters are copied in and out) and safe to share between threads.
 */
public final class TrainedModel {
  private final ModelConfig config;
  private final Schema schema;
  private final float[] params;

  /** A model with a copy of {@code params}, which must fit the layout of {@code config} on {@code schema}. */
  public TrainedModel(ModelConfig config, Schema schema, float[] params) {
    this.config = config;
    this.schema = schema;
    int expected = network().layout().size();
    if (params.length != expected) {
      throw new IllegalArgumentException("expected " + expected + " parameters, got " + params.length);
    }
    this.params = params.clone();
  }

  /** The model's shape. */
  public ModelConfig config() {
    return config;
  }

  /** The fields it reads. */
  public Schema schema() {
    return schema;
  }

  /** A copy of the parameters. */
  public float[] params() {
    return params.clone();
  }

  /** The parameter layout. */
  public ParamLayout layout() {
    return network().layout();
  }

  /** Number of parameters. */
  public int parameterCount() {
    return params.length;
  }

  /** The value of parameter {@code i}. */
  public float param(int i) {
    return params[i];
  }

  private Network network() {
    return Networks.create(config, schema, Kernels.best(), new WorkerPool(1));
  }

  /** A ranking scorer over the given items; users are passed per call. */
  public Scorer scorer(FeatureTable items) {
    return network().scorer(params, null, items);
  }
}
