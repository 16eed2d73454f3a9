package dev.deepfm.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.Batch;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.testing.FiniteDiff;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every layer's backward pass against central finite differences of a random projection of its
 * output, {@code L = sum r * y}, so that {@code dL/dy = r}.
 */
class LayerGradientTest {

  @Test
  void linear() {
    Rng rng = new Rng(1);
    int rows = 3;
    int in = 5;
    int out = 4;
    float[] x = TinyData.randomArray(rng, rows * in, 1);
    float[] p = TinyData.randomArray(rng, 2 + in * out + out, 1);
    int w = 2;
    int b = 2 + in * out;
    float[] r = TinyData.randomArray(rng, rows * out, 1);
    float[] y = new float[rows * out];
    java.util.function.DoubleSupplier loss = () -> {
      Linear.forward(x, rows, in, p, w, b, out, y);
      return FiniteDiff.project(r, y, rows * out);
    };
    float[] g = new float[p.length];
    float[] dx = new float[x.length];
    Linear.backward(x, r, rows, in, out, p, w, g, b, dx);
    FiniteDiff.check("dW", loss, p, g, w, w + in * out, 1e-2f, 1e-4, 1e-3);
    FiniteDiff.check("db", loss, p, g, b, b + out, 1e-2f, 1e-4, 1e-3);
    FiniteDiff.check("dx", loss, x, dx, 0, x.length, 1e-2f, 1e-4, 1e-3);
  }

  @Test
  void reluDropout() {
    Rng rng = new Rng(2);
    int n = 40;
    float p = 0.3f;
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      // keep away from the kink so that differences do not straddle it
      z[i] = (float) ((rng.nextDouble() < 0.5 ? -1 : 1) * rng.uniform(0.1, 1));
    }
    float[] scale = new float[n];
    Dropout.mask(99, 3, 1, p, scale, 0, n);
    float[] r = TinyData.randomArray(rng, n, 1);
    float[] a = new float[n];
    java.util.function.DoubleSupplier loss = () -> {
      System.arraycopy(z, 0, a, 0, n);
      Dropout.forward(a, 0, n, scale, 0);
      return FiniteDiff.project(r, a, n);
    };
    loss.getAsDouble();
    float[] dz = r.clone();
    Dropout.backward(a, dz, 0, n, 1 / (1 - p));
    FiniteDiff.check("dz", loss, z, dz, 0, n, 1e-3f, 1e-4, 1e-3);
  }

  @Test
  void dropoutMaskRateAndDeterminism() {
    int n = 200_000;
    float[] scale = new float[n];
    Dropout.mask(7, 1, 0, 0.2f, scale, 0, n);
    long dropped = 0;
    for (float s : scale) {
      if (s == 0) {
        dropped++;
      } else {
        assertThat(s).isEqualTo(1 / 0.8f);
      }
    }
    assertThat(dropped / (double) n).isBetween(0.195, 0.205);
    float[] again = new float[n];
    Dropout.mask(7, 1, 0, 0.2f, again, 0, n);
    assertThat(again).containsExactly(scale);
    Dropout.mask(7, 2, 0, 0.2f, again, 0, n);
    assertThat(again).isNotEqualTo(scale);
  }

  @ParameterizedTest
  @EnumSource(TinyData.Fields.class)
  void embeddingBagAndFirstOrder(TinyData.Fields kind) {
    RecData d = TinyData.create(3, 6, 9, 5, kind);
    Batch batch = dev.deepfm.core.testing.Batches.random(d, 5, 5);
    int rows = d.schema().totalRows();
    int k = 3;
    Rng rng = new Rng(4);
    float[] p = TinyData.randomArray(rng, rows * (k + 1), 1);
    int fo = rows * k;
    int fields = batch.fields;
    float[] r = TinyData.randomArray(rng, batch.size * fields * k, 1);
    float[] x = new float[r.length];
    java.util.function.DoubleSupplier loss = () -> {
      EmbeddingBag.forward(batch, p, 0, k, x);
      return FiniteDiff.project(r, x, x.length);
    };
    float[] g = new float[p.length];
    EmbeddingBag.backward(batch, r, k, g, 0);
    FiniteDiff.check("dE", loss, p, g, 0, rows * k, 1e-2f, 1e-4, 1e-3);

    float[] r2 = TinyData.randomArray(rng, batch.size, 1);
    float[] y = new float[batch.size];
    java.util.function.DoubleSupplier loss2 = () -> {
      java.util.Arrays.fill(y, 0f);
      FirstOrder.forward(batch, p, fo, y);
      return FiniteDiff.project(r2, y, batch.size);
    };
    FirstOrder.backward(batch, r2, g, fo);
    FiniteDiff.check("dv", loss2, p, g, fo, fo + rows, 1e-2f, 1e-4, 1e-3);
  }

  @Test
  void factorizationMachine() {
    Rng rng = new Rng(6);
    int rows = 4;
    int fields = 5;
    int k = 3;
    float[] x = TinyData.randomArray(rng, rows * fields * k, 1);
    float[] r = TinyData.randomArray(rng, rows, 1);
    float[] y = new float[rows];
    java.util.function.DoubleSupplier loss = () -> {
      java.util.Arrays.fill(y, 0f);
      FactorizationMachine.forward(x, rows, fields, k, y);
      return FiniteDiff.project(r, y, rows);
    };
    float[] dx = new float[x.length];
    FactorizationMachine.backward(x, r, rows, fields, k, dx);
    FiniteDiff.check("dx", loss, x, dx, 0, x.length, 1e-2f, 1e-4, 2e-3);
  }

  @Test
  void factorizationMachineSumOfSquaresEqualsPairs() {
    Rng rng = new Rng(7);
    for (int fields : new int[] {1, 2, 3, 24}) {
      int rows = 6;
      int k = 16;
      float[] x = TinyData.randomArray(rng, rows * fields * k, 1);
      float[] fast = new float[rows];
      float[] pairs = new float[rows];
      FactorizationMachine.forward(x, rows, fields, k, fast);
      FactorizationMachine.forwardPairs(x, rows, fields, k, pairs);
      for (int b = 0; b < rows; b++) {
        assertThat((double) fast[b]).isCloseTo(pairs[b], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(pairs[b]))));
      }
      if (fields == 1) {
        // one field has no pair: the FM term vanishes and FM degenerates to logistic regression
        assertThat(fast).containsOnly(0f);
      }
    }
  }

  @Test
  void bceWithLogits() {
    for (float z : new float[] {-30f, -3f, -0.5f, 0f, 0.7f, 4f, 30f}) {
      for (float y : new float[] {0f, 1f}) {
        float up = z + 1e-3f;
        float down = z - 1e-3f;
        double numeric = (BceWithLogits.loss(up, y) - BceWithLogits.loss(down, y)) / ((double) up - down);
        assertThat((double) BceWithLogits.grad(z, y)).isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3));
        double naive = -(y * Math.log(1 / (1 + Math.exp(-z))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-z))));
        if (Double.isFinite(naive) && Math.abs(z) < 20) {
          assertThat(BceWithLogits.loss(z, y)).isCloseTo(naive, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(BceWithLogits.loss(z, y)).isFinite().isGreaterThanOrEqualTo(0);
      }
    }
  }
}
