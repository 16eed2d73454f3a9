package dev.deepfm.bench;

import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.util.Rng;

/**
 * What every benchmark shares: the {@code kernels} parameter's meaning and seeded random inputs.
 *
 * <p>{@code "plain"} is {@link Kernels#plain()}, the straight loops; {@code "vector"} is
 * {@link Kernels#best()}, which must be the Vector API kernels
 * ({@code dev.deepfm.core.kernel.VectorKernels.INSTANCE}): a fork started without
 * {@code --add-modules=jdk.incubator.vector} (or with {@code -Ddeepfm.kernels=plain}) fails instead
 * of silently timing the plain kernels twice.
 */
final class BenchSupport {
  /** The seed of every input, so that two runs time the same numbers. */
  static final long SEED = 20250101L;

  private BenchSupport() {}

  /** The kernels a {@code kernels} parameter names. */
  static Kernels kernels(String which) {
    switch (which) {
      case "plain":
        return Kernels.plain();
      case "vector": {
        Kernels best = Kernels.best();
        if (!best.name().startsWith("vector")) {
          throw new IllegalStateException("kernels=vector, but Kernels.best() is '" + best.name()
              + "': run the fork with --add-modules=jdk.incubator.vector"
              + " and without -Ddeepfm.kernels=plain");
        }
        return best;
      }
      default:
        throw new IllegalArgumentException("kernels must be plain or vector, got " + which);
    }
  }

  /** A stream for one named input. */
  static Rng rng(String name) {
    return Rng.derive(SEED, name);
  }

  /** {@code n} uniform floats in [-scale, scale). */
  static float[] uniform(Rng rng, int n, float scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.uniform(-scale, scale);
    }
    return x;
  }

  /** {@code n} uniform ints in [0, bound). */
  static int[] indices(Rng rng, int n, int bound) {
    int[] x = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextInt(bound);
    }
    return x;
  }

  /** {@code n} copies of {@code v}. */
  static float[] filled(int n, float v) {
    float[] x = new float[n];
    java.util.Arrays.fill(x, v);
    return x;
  }

  /** Parses an {@code "m x n x k"} shape parameter such as {@code "64x64x128"}. */
  static int[] shape(String s) {
    String[] parts = s.split("x");
    if (parts.length != 3) {
      throw new IllegalArgumentException("shape must be MxNxK, got " + s);
    }
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
        Integer.parseInt(parts[2])};
  }
}
