package dev.deepfm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.util.Rng;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Top-K selection: the documented total order, whatever the input order. */
class TopKTest {

  @Test
  void tiesGoToTheLowerItemIndex() {
    int[] items = {9, 4, 7, 1, 3};
    float[] scores = {0.5f, 0.9f, 0.5f, 0.5f, 0.9f};
    int[] out = new int[4];
    int n = new TopK(4).select(items, scores, items.length, out);
    assertThat(n).isEqualTo(4);
    assertThat(out).containsExactly(3, 4, 1, 7);
  }

  @Test
  void fewerCandidatesThanK() {
    int[] out = new int[10];
    int n = new TopK(10).select(new int[] {5, 2}, new float[] {1f, 2f}, 2, out);
    assertThat(n).isEqualTo(2);
    assertThat(Arrays.copyOf(out, n)).containsExactly(2, 5);
  }

  @Test
  void nanRanksLast() {
    int[] out = new int[3];
    new TopK(3).select(new int[] {0, 1, 2}, new float[] {Float.NaN, -1e30f, Float.NEGATIVE_INFINITY}, 3, out);
    assertThat(out).containsExactly(1, 0, 2);
  }

  @Test
  void agreesWithAFullSortOnRandomInputs() {
    Rng rng = new Rng(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rng.nextInt(300);
      int k = 1 + rng.nextInt(30);
      int[] items = IntStream.range(0, n).map(i -> i * 3 + 1).toArray();
      rng.shuffle(items, n);
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        scores[i] = rng.nextInt(20) / 4f; // many ties
      }
      Integer[] idx = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> items[i]));
      int[] out = new int[k];
      int got = new TopK(k).select(items, scores, n, out);
      assertThat(got).isEqualTo(Math.min(k, n));
      for (int i = 0; i < got; i++) {
        assertThat(out[i]).isEqualTo(items[idx[i]]);
      }
    }
  }
}
