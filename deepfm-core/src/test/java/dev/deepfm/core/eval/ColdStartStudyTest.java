package dev.deepfm.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfm.core.util.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact expected metrics of a random order, against simulation. */
class ColdStartStudyTest {

  @Test
  void expectedRandomMatchesSimulation() {
    int n = 40;
    List<int[]> relevant = List.of(new int[] {3}, new int[] {1, 7, 30}, new int[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22});
    int[] ks = {5, 10, 20};
    MetricTable exact = ColdStartStudy.expectedRandom(n, relevant, ks);
    int trials = 60_000;
    double[][] sim = new double[ks.length][Metric.values().length];
    Rng rng = new Rng(1);
    int[] order = new int[n];
    double[] m = new double[Metric.values().length];
    for (int t = 0; t < trials; t++) {
      for (int[] rel : relevant) {
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        rng.shuffle(order, n);
        for (int j = 0; j < ks.length; j++) {
          RankingMetrics.compute(order, n, rel, ks[j], m);
          for (int q = 0; q < m.length; q++) {
            sim[j][q] += m[q] / trials / relevant.size();
          }
        }
      }
    }
    for (int j = 0; j < ks.length; j++) {
      for (Metric metric : new Metric[] {Metric.HIT_RATE, Metric.RECALL, Metric.NDCG, Metric.MRR}) {
        assertThat(exact.get(ks[j], metric)).as("%s@%d", metric, ks[j]).isCloseTo(sim[j][metric.ordinal()], within(0.006));
      }
    }
  }
}
