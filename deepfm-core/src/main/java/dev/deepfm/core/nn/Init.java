package dev.deepfm.core.nn;

import dev.deepfm.core.util.Rng;

/** Parameter initialisers, matching PyTorch's defaults where the reference relies on them. */
public final class Init {
  private Init() {}

  /** Fills a slice with {@code N(0, std^2)}, as {@code nn.init.normal_(w, std=std)}. */
  public static void normal(float[] p, ParamLayout.Slice s, double std, Rng rng) {
    for (int i = s.offset(); i < s.offset() + s.size(); i++) {
      p[i] = (float) (std * rng.nextGaussian());
    }
  }

  /**
   * PyTorch's default for {@code nn.Linear(fanIn, out)}: weight and bias uniform in
   * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} (kaiming_uniform with a = sqrt(5)).
   */
  public static void linear(float[] p, ParamLayout.Slice weight, ParamLayout.Slice bias, int fanIn,
      Rng rng) {
    double bound = 1 / Math.sqrt(fanIn);
    for (int i = weight.offset(); i < weight.offset() + weight.size(); i++) {
      p[i] = (float) rng.uniform(-bound, bound);
    }
    for (int i = bias.offset(); i < bias.offset() + bias.size(); i++) {
      p[i] = (float) rng.uniform(-bound, bound);
    }
  }
}
