package dev.deepfm.core.nn;

/**
 * Binary cross-entropy computed from the logit (never from a sigmoid, which loses precision):
 * {@code loss(z, y) = max(z, 0) - z y + log(1 + exp(-|z|))}, {@code dloss/dz = sigmoid(z) - y}.
 */
public final class BceWithLogits {
  private BceWithLogits() {}

  /** The loss of one example. */
  public static double loss(float z, float y) {
    return Math.max(z, 0f) - (double) z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** The logistic function. */
  public static float sigmoid(float z) {
    return z >= 0 ? (float) (1 / (1 + Math.exp(-z))) : (float) (Math.exp(z) / (1 + Math.exp(z)));
  }

  /**
   * The batch form: writes {@code dlogit[b] = grad(logit[b], label[b]) / scale} for b in
   * [from, to) and returns the sum of the losses there (mean reduction over a batch of
   * {@code scale} examples, as {@code nn.BCEWithLogitsLoss}).
   */
  public static double lossAndGrad(float[] logit, float[] label, int from, int to, int scale,
      float[] dlogit) {
    double loss = 0;
    for (int b = from; b < to; b++) {
      loss += loss(logit[b], label[b]);
      dlogit[b] = grad(logit[b], label[b]) / scale;
    }
    return loss;
  }

  /** The derivative of the loss with respect to the logit. */
  public static float grad(float z, float y) {
    return sigmoid(z) - y;
  }
}
