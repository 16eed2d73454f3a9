package dev.deepfm.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.NegativeSampler.Exclusion;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.Rng;
import org.junit.jupiter.api.Test;

/** Negatives: counts, never a positive, seeded, fresh each epoch, roughly uniform. */
class NegativeSamplerTest {
  private final RecData data = TinyData.create(9, 40, 60, 15, TinyData.Fields.CATEGORICAL);

  @Test
  void countsAndLabels() {
    NegativeSampler s = new NegativeSampler(data.split(), 4, Exclusion.TRAIN_POSITIVES);
    s.sample(new Rng(1));
    int n = data.split().trainSize();
    assertThat(s.size()).isEqualTo(5 * n);
    for (int j = 0; j < n; j++) {
      assertThat(s.labels()[5 * j]).isEqualTo(1f);
      assertThat(s.users()[5 * j]).isEqualTo(data.split().trainUser(j));
      assertThat(s.items()[5 * j]).isEqualTo(data.split().trainItem(j));
      for (int x = 1; x <= 4; x++) {
        assertThat(s.labels()[5 * j + x]).isEqualTo(0f);
        assertThat(s.users()[5 * j + x]).isEqualTo(data.split().trainUser(j));
      }
    }
  }

  @Test
  void neverDrawsAnExcludedItem() {
    for (Exclusion x : Exclusion.values()) {
      NegativeSampler s = new NegativeSampler(data.split(), 4, x);
      IntCsr excluded = x == Exclusion.ALL_POSITIVES ? data.split().positivesByUser() : data.split().trainByUser();
      for (int epoch = 0; epoch < 5; epoch++) {
        s.sample(new Rng(epoch));
        for (int i = 0; i < s.size(); i++) {
          if (s.labels()[i] == 0f) {
            assertThat(excluded.contains(s.users()[i], s.items()[i])).isFalse();
          }
        }
      }
    }
  }

  @Test
  void trainOnlyExclusionCanDrawHeldOutItemsAllCannot() {
    NegativeSampler train = new NegativeSampler(data.split(), 50, Exclusion.TRAIN_POSITIVES);
    train.sample(new Rng(2));
    boolean heldOutDrawn = false;
    for (int i = 0; i < train.size(); i++) {
      int u = train.users()[i];
      if (train.labels()[i] == 0f && (train.items()[i] == data.split().testItem(u) || train.items()[i] == data.split().valItem(u))) {
        heldOutDrawn = true;
      }
    }
    assertThat(heldOutDrawn).isTrue();
  }

  @Test
  void seededAndFreshEachEpoch() {
    NegativeSampler a = new NegativeSampler(data.split(), 4, Exclusion.TRAIN_POSITIVES);
    NegativeSampler b = new NegativeSampler(data.split(), 4, Exclusion.TRAIN_POSITIVES);
    a.sample(new Rng(7));
    b.sample(new Rng(7));
    assertThat(a.items()).containsExactly(b.items());
    int[] first = a.items().clone();
    a.sample(new Rng(8));
    assertThat(a.items()).isNotEqualTo(first);
  }

  @Test
  void roughlyUniformOverAllowedItems() {
    NegativeSampler s = new NegativeSampler(data.split(), 1000, Exclusion.TRAIN_POSITIVES);
    s.sample(new Rng(3));
    int[] counts = new int[data.itemCount()];
    int negatives = 0;
    int u0 = 0;
    for (int u = 0; u < data.userCount(); u++) {
      if (data.split().trainByUser().length(u) > data.split().trainByUser().length(u0)) {
        u0 = u;
      }
    }
    for (int i = 0; i < s.size(); i++) {
      if (s.labels()[i] == 0f && s.users()[i] == u0) {
        counts[s.items()[i]]++;
        negatives++;
      }
    }
    int allowed = data.itemCount() - data.split().trainByUser().length(u0);
    double expected = (double) negatives / allowed;
    for (int i = 0; i < counts.length; i++) {
      if (!data.split().trainByUser().contains(u0, i)) {
        assertThat((double) counts[i]).isBetween(expected * 0.7, expected * 1.3);
      }
    }
  }
}
