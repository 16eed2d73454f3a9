package dev.deepfm.core.nn;

import dev.deepfm.core.util.Rng;

/**
 * Inverted dropout after a ReLU, as PyTorch's {@code ReLU} then {@code Dropout(p)} in training:
 * {@code a = relu(z) * m / (1 - p)} with {@code m ~ Bernoulli(1 - p)}; at inference it is a plain
 * ReLU.
 *
 * <p>Masks are counter-based: unit i of one example's layer is dropped when the top 16 bits of
 * {@link Rng#hash32}{@code (key + i * GOLDEN32)} fall below {@code round(p * 65536)}, where the key
 * is a hash of (step seed, example index, layer) ({@link #maskKey}). So a mask does not depend on
 * thread scheduling, is the same in the plain and fast networks, and vector code draws eight units
 * at once ({@link dev.deepfm.core.kernel.Kernels#reluDropout}). For p = 0.2 the drop rate is
 * 13107/65536 = 0.19999695.
 */
public final class Dropout {
  private Dropout() {}

  /** The 16-bit threshold below which a unit is dropped. */
  public static int threshold(float p) {
    return Math.round(p * 65536f);
  }

  /** The key of the mask of one example's units in one layer (see the class comment). */
  public static int maskKey(long stepSeed, int example, int layer) {
    long s = Rng.mix64(Rng.mix64(stepSeed ^ (0x9E3779B97F4A7C15L * (example + 1))) + 0x632BE59BD9B4E019L * (layer + 1));
    return (int) (s ^ (s >>> 32));
  }

  /** Whether unit {@code i} of the mask with this key is kept, for a {@link #threshold}. */
  public static boolean kept(int key, int i, int threshold) {
    return Rng.hash32(key + i * Rng.GOLDEN32) >>> 16 >= threshold;
  }

  /**
   * Fills {@code scale[off..off+n)} with 0 for dropped units and {@code 1/(1-p)} for kept ones.
   */
  public static void mask(long stepSeed, int example, int layer, float p, float[] scale, int off,
      int n) {
    float keep = 1f / (1f - p);
    int threshold = threshold(p);
    int key = maskKey(stepSeed, example, layer);
    for (int i = 0; i < n; i++) {
      scale[off + i] = kept(key, i, threshold) ? keep : 0f;
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
