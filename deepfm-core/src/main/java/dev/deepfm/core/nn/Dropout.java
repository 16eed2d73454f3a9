package dev.deepfm.core.nn;

import dev.deepfm.core.util.Rng;

/**
 * Inverted dropout after a ReLU, as PyTorch's {@code ReLU} then {@code Dropout(p)} in training:
 * {@code a = relu(z) * m / (1 - p)} with {@code m ~ Bernoulli(1 - p)}; at inference it is a plain
 * ReLU.
 *
 * <p>Masks are counter-based: the mask of one example's units in one layer is a pure function of
 * (step seed, example index, layer), drawn 16 bits per unit from {@link Rng#mix64}, so it does not
 * depend on thread scheduling and is the same in the plain and fast networks. A unit is dropped
 * when its 16-bit draw is below {@code round(p * 65536)}: for p = 0.2 the drop rate is
 * 13107/65536 = 0.19999695.
 */
public final class Dropout {
  private Dropout() {}

  /** The 16-bit threshold below which a unit is dropped. */
  public static int threshold(float p) {
    return Math.round(p * 65536f);
  }

  /**
   * The counter the mask of one example's units in one layer starts from: each group of 4 units
   * adds {@code 0x9E3779B97F4A7C15L} to it and takes its 64 bits from {@link Rng#mix64}.
   */
  public static long maskStream(long stepSeed, int example, int layer) {
    return Rng.mix64(stepSeed ^ (0x9E3779B97F4A7C15L * (example + 1))) + 0x632BE59BD9B4E019L * (layer + 1);
  }

  /**
   * Fills {@code scale[off..off+n)} with 0 for dropped units and {@code 1/(1-p)} for kept ones.
   */
  public static void mask(long stepSeed, int example, int layer, float p, float[] scale, int off,
      int n) {
    float keep = 1f / (1f - p);
    int threshold = threshold(p);
    long s = maskStream(stepSeed, example, layer);
    for (int i = 0; i < n; i += 4) {
      s += 0x9E3779B97F4A7C15L;
      long bits = Rng.mix64(s);
      for (int j = 0; j < 4 && i + j < n; j++) {
        int draw = (int) (bits >>> (16 * j)) & 0xFFFF;
        // branch-free: kept is 1 when draw >= threshold (a branch here mispredicts p of the time)
        int kept = ((threshold - 1 - draw) >>> 31);
        scale[off + i + j] = kept * keep;
      }
    }
  }

  /** Training forward in place: {@code z[i] <- relu(z[i]) * scale[i]}. */
  public static void forward(float[] z, int off, int n, float[] scale, int scaleOff) {
    for (int i = 0; i < n; i++) {
      float v = z[off + i];
      z[off + i] = v > 0 ? v * scale[scaleOff + i] : 0f;
    }
  }

  /** Inference forward in place: {@code z[i] <- relu(z[i])}. */
  public static void relu(float[] z, int off, int n) {
    for (int i = 0; i < n; i++) {
      if (!(z[off + i] > 0)) {
        z[off + i] = 0f;
      }
    }
  }

  /**
   * Backward in place: given the forward output {@code a} and {@code da}, writes {@code dz} over
   * {@code da}. A unit passed gradient iff it was active and kept, which is iff {@code a > 0}.
   */
  public static void backward(float[] a, float[] da, int off, int n, float keepScale) {
    for (int i = 0; i < n; i++) {
      da[off + i] = a[off + i] > 0 ? da[off + i] * keepScale : 0f;
    }
  }
}
