package dev.deepfm.core.nn;

/**
 * The second-order term of a factorization machine (Rendle 2010) over field embeddings
 * {@code x_f} (k each): {@code y = sum_{f < f'} <x_f, x_f'>}, computed in O(F k) by the
 * sum-of-squares identity {@code y = 1/2 sum_j ((sum_f x_fj)^2 - sum_f x_fj^2)}.
 * Backward: {@code dx_fj = dy * (s_j - x_fj)} with {@code s_j = sum_f x_fj}.
 */
public final class FactorizationMachine {
  private FactorizationMachine() {}

  /** Adds each row's FM term to {@code y}; {@code x} is {@code rows x fields*k}. */
  public static void forward(float[] x, int rows, int fields, int k, float[] y) {
    for (int b = 0; b < rows; b++) {
      float acc = 0f;
      for (int j = 0; j < k; j++) {
        float s = 0f;
        float sq = 0f;
        for (int f = 0; f < fields; f++) {
          float v = x[(b * fields + f) * k + j];
          s += v;
          sq += v * v;
        }
        acc += s * s - sq;
      }
      y[b] += 0.5f * acc;
    }
  }

  /** The same term by brute force over all pairs of fields: the definition, for tests. */
  public static void forwardPairs(float[] x, int rows, int fields, int k, float[] y) {
    for (int b = 0; b < rows; b++) {
      double acc = 0;
      for (int f = 0; f < fields; f++) {
        for (int g = f + 1; g < fields; g++) {
          for (int j = 0; j < k; j++) {
            acc += (double) x[(b * fields + f) * k + j] * x[(b * fields + g) * k + j];
          }
        }
      }
      y[b] += (float) acc;
    }
  }

  /** Accumulates {@code dx} from {@code dy}. */
  public static void backward(float[] x, float[] dy, int rows, int fields, int k, float[] dx) {
    for (int b = 0; b < rows; b++) {
      for (int j = 0; j < k; j++) {
        float s = 0f;
        for (int f = 0; f < fields; f++) {
          s += x[(b * fields + f) * k + j];
        }
        for (int f = 0; f < fields; f++) {
          int i = (b * fields + f) * k + j;
          dx[i] += dy[b] * (s - x[i]);
        }
      }
    }
  }
}
