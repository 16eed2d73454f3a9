package dev.deepfm.core.nn;

/**
 * A fully connected layer {@code y = x W + b}, written as plain loops (the reference for the fast
 * kernels). The weight is stored input-major, {@code W[in][out]} (the transpose of PyTorch's
 * {@code weight}), so a forward pass streams contiguous rows of W.
 *
 * <pre>
 *   x: rows x in    W: in x out (at wOff)    b: out (at bOff)    y: rows x out
 *   dx = dy W^T     dW += x^T dy             db += sum_rows dy
 * </pre>
 */
public final class Linear {
  private Linear() {}

  /** {@code y = x W + b}. */
  public static void forward(float[] x, int rows, int in, float[] p, int wOff, int bOff, int out,
      float[] y) {
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        float acc = p[bOff + o];
        for (int i = 0; i < in; i++) {
          acc += x[r * in + i] * p[wOff + i * out + o];
        }
        y[r * out + o] = acc;
      }
    }
  }

  /**
   * Accumulates {@code dW} and {@code db} into {@code g} and writes {@code dx} (if not null).
   */
  public static void backward(float[] x, float[] dy, int rows, int in, int out, float[] p,
      int wOff, float[] g, int bOff, float[] dx) {
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        g[bOff + o] += dy[r * out + o];
      }
      for (int i = 0; i < in; i++) {
        float xi = x[r * in + i];
        float acc = 0f;
        for (int o = 0; o < out; o++) {
          g[wOff + i * out + o] += xi * dy[r * out + o];
          acc += dy[r * out + o] * p[wOff + i * out + o];
        }
        if (dx != null) {
          dx[r * in + i] = acc;
        }
      }
    }
  }
}
