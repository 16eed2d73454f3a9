package dev.deepfm.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleSupplier;

/** Central finite differences against analytic gradients. */
public final class FiniteDiff {
  private FiniteDiff() {}

  /** {@code (f(x + eps e_i) - f(x - eps e_i)) / 2 eps}, restoring x[i]. */
  public static double partial(DoubleSupplier f, float[] x, int i, float eps) {
    float saved = x[i];
    x[i] = saved + eps;
    double up = f.getAsDouble();
    x[i] = saved - eps;
    double down = f.getAsDouble();
    x[i] = saved;
    return (up - down) / ((double) (saved + eps) - (double) (saved - eps));
  }

  /**
   * Checks {@code analytic[i]} against the numerical partial for every i in [from, to), with
   * tolerance {@code atol + rtol * |numeric|}.
   */
  public static void check(String what, DoubleSupplier f, float[] x, float[] analytic, int from,
      int to, float eps, double atol, double rtol) {
    for (int i = from; i < to; i++) {
      double numeric = partial(f, x, i, eps);
      assertThat((double) analytic[i])
          .as("%s[%d]: analytic %s vs numeric %s", what, i - from, analytic[i], numeric)
          .isCloseTo(numeric, org.assertj.core.data.Offset.offset(atol + rtol * Math.abs(numeric)));
    }
  }

  /**
   * Like {@link #check}, for functions with kinks (ReLU): a coordinate whose one-sided differences
   * disagree has a kink within {@code eps} and is skipped. Returns how many were skipped; the check
   * fails if more than {@code maxSkipShare} of the coordinates were.
   */
  public static int checkPiecewise(String what, DoubleSupplier f, float[] x, float[] analytic,
      int from, int to, float eps, double atol, double rtol, double maxSkipShare) {
    int skipped = 0;
    double base = f.getAsDouble();
    for (int i = from; i < to; i++) {
      float saved = x[i];
      x[i] = saved + eps;
      double up = f.getAsDouble();
      x[i] = saved - eps;
      double down = f.getAsDouble();
      x[i] = saved;
      double right = (up - base) / eps;
      double left = (base - down) / eps;
      double numeric = (up - down) / (2.0 * eps);
      double tol = atol + rtol * Math.abs(numeric);
      if (Math.abs(right - left) > 4 * tol + 1e-3 * Math.abs(numeric)) {
        skipped++;
        continue;
      }
      assertThat((double) analytic[i])
          .as("%s[%d]: analytic %s vs numeric %s", what, i - from, analytic[i], numeric)
          .isCloseTo(numeric, org.assertj.core.data.Offset.offset(tol));
    }
    assertThat(skipped).as("%s: coordinates at a kink", what).isLessThanOrEqualTo((int) Math.ceil(maxSkipShare * (to - from)));
    return skipped;
  }

  /** {@code sum_i r[i] y[i]}, in double. */
  public static double project(float[] r, float[] y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) r[i] * y[i];
    }
    return s;
  }
}
