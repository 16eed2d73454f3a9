package dev.deepfm.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.Trainer;
import dev.deepfm.core.train.TrainingListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process recommender: training items never come back, cached answers equal computed ones. */
class RecommenderTest {
  private static final RecData DATA = TinyData.create(3, 30, 40, 10, TinyData.Fields.CATEGORICAL);
  private static final ModelBundle BUNDLE = ModelBundle.of(
      new Trainer(ModelConfig.deepFm().withEmbedDim(4).withHidden(8, 4), TrainConfig.defaults().withEpochs(2).withThreads(1))
          .fit(DATA, TrainingListener.NONE).model(), DATA, Map.of());

  @Test
  void cachedAnswersEqualComputedOnesAndSkipTrainingItems() {
    Recommender cached = new Recommender(BUNDLE);
    Recommender uncached = new Recommender(BUNDLE, 0);
    for (int u = 0; u < DATA.userCount(); u++) {
      String id = DATA.userIds().id(u);
      List<Recommendation> a = cached.recommend(id, 7);
      assertThat(cached.recommend(id, 7)).isSameAs(a);
      assertThat(uncached.recommend(id, 7)).isEqualTo(a);
      assertThat(a).hasSize(7);
      for (Recommendation r : a) {
        int item = DATA.itemIds().indexOf(r.itemId()).getAsInt();
        assertThat(DATA.split().trainByUser().contains(u, item)).isFalse();
      }
      for (int i = 1; i < a.size(); i++) {
        assertThat(a.get(i).score()).isLessThanOrEqualTo(a.get(i - 1).score());
      }
    }
    assertThatThrownBy(() -> cached.recommend("nobody", 3)).isInstanceOf(UnknownIdException.class);
    assertThatThrownBy(() -> cached.recommend(DATA.userIds().id(0), 0)).hasMessageContaining("k must be in 1..");
  }

  @Test
  void warmUpStopsAtItsRoundsOrBudgetAndChangesNoAnswer() {
    Recommender fresh = new Recommender(BUNDLE);
    Recommender warmed = new Recommender(BUNDLE);
    assertThat(warmed.warmUp(0, java.time.Duration.ofSeconds(10))).isZero();
    assertThat(warmed.warmUp(1_000_000, java.time.Duration.ZERO)).isZero();
    assertThat(warmed.warmUp(75, java.time.Duration.ofSeconds(30))).isEqualTo(75);
    for (int u = 0; u < DATA.userCount(); u++) {
      String id = DATA.userIds().id(u);
      assertThat(warmed.recommend(id, 5)).isEqualTo(fresh.recommend(id, 5));
    }
  }
}
