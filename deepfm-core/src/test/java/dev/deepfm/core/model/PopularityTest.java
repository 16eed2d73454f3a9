package dev.deepfm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.ItemCatalog;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.eval.Metric;
import dev.deepfm.core.eval.MetricTable;
import dev.deepfm.core.eval.RankingEvaluator;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.schema.Vocabulary;
import dev.deepfm.core.util.WorkerPool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The popularity ranker on data small enough to rank by hand. */
class PopularityTest {

  @Test
  void ranksByTrainingCountsWithTiesByIndex() {
    // 3 users, 5 items; training positives: u0 {0, 1}, u1 {1, 2}, u2 {1, 3}
    // counts: item0 1, item1 3, item2 1, item3 1, item4 0
    // held out: u0 val 3 / test 2; u1 val 0 / test 4; u2 val 0 / test 2
    Split split = Split.of(3, 5, new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 2, 1, 3},
        new int[] {3, 0, 0}, new int[] {2, 4, 2});
    Popularity pop = new Popularity(split);
    assertThat(new float[] {pop.count(0), pop.count(1), pop.count(2), pop.count(3), pop.count(4)})
        .containsExactly(1, 3, 1, 1, 0);
    Schema schema = new Schema(List.of(Field.categorical("user_id", Side.USER, 3), Field.categorical("item_id", Side.ITEM, 5)));
    FeatureTable users = FeatureTable.builder(schema, 0).categorical(0).categorical(1).categorical(2).build();
    FeatureTable.Builder it = FeatureTable.builder(schema, 1);
    for (int i = 0; i < 5; i++) {
      it.categorical(i);
    }
    List<String> ids = List.of("a", "b", "c", "d", "e");
    RecData data = new RecData("hand", schema, users, it.build(), split, Vocabulary.of(List.of("u0", "u1", "u2")),
        Vocabulary.of(ids), ItemCatalog.untitled(ids), Map.of(), "hand");
    try (WorkerPool pool = new WorkerPool(1)) {
      MetricTable t = new RankingEvaluator(data, pool).evaluate(pop, RankingEvaluator.Target.TEST, new int[] {1, 2}, false);
      // u0 candidates (not 0, 1): 2 (1), 3 (1), 4 (0) -> order 2, 3, 4: test 2 at rank 1
      // u1 candidates (not 1, 2): 0 (1), 3 (1), 4 (0) -> order 0, 3, 4: test 4 at rank 3
      // u2 candidates (not 1, 3): 0 (1), 2 (1), 4 (0) -> order 0, 2, 4: test 2 at rank 2
      assertThat(t.get(1, Metric.HIT_RATE)).isCloseTo(1 / 3.0, within(1e-12));
      assertThat(t.get(2, Metric.HIT_RATE)).isCloseTo(2 / 3.0, within(1e-12));
      assertThat(t.get(2, Metric.NDCG)).isCloseTo((1 + 1 / (Math.log(3) / Math.log(2))) / 3, within(1e-12));
      assertThat(t.get(2, Metric.MRR)).isCloseTo((1 + 0.5) / 3, within(1e-12));
    }
  }
}
