package dev.deepfm.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.testing.TinyData;
import org.junit.jupiter.api.Test;

/** Leave-one-out by time with a stable sort. */
class SplitTest {

  @Test
  void lastIsTestSecondToLastValidationTiesKeepInputOrder() {
    // user 0: items 4 (t=5), 2 (t=9), 7 (t=9), 1 (t=1), 3 (t=9): by time 1, 4, then the t=9 tie in
    // input order 2, 7, 3 -> test 3, validation 7, train 1, 4, 2
    // user 1: two positives only -> left out; user 2: 3 positives, all tied -> input order
    int[] user = {0, 0, 2, 0, 1, 0, 2, 1, 0, 2};
    int[] item = {4, 2, 5, 7, 6, 1, 0, 3, 3, 6};
    long[] time = {5, 9, 3, 9, 1, 1, 3, 2, 9, 3};
    Split s = Split.leaveOneOut(3, 8, user, item, time, 3);
    assertThat(s.testItem(0)).isEqualTo(3);
    assertThat(s.valItem(0)).isEqualTo(7);
    assertThat(s.testItem(1)).isEqualTo(-1);
    assertThat(s.valItem(1)).isEqualTo(-1);
    assertThat(s.testItem(2)).isEqualTo(6);
    assertThat(s.valItem(2)).isEqualTo(0);
    assertThat(s.evalUsers()).containsExactly(0, 2);
    assertThat(s.trainSize()).isEqualTo(4);
    assertThat(new int[] {s.trainItem(0), s.trainItem(1), s.trainItem(2), s.trainItem(3)}).containsExactly(1, 4, 2, 5);
    assertThat(s.trainByUser().row(0)).containsExactly(1, 2, 4);
    assertThat(s.positivesByUser().row(0)).containsExactly(1, 2, 3, 4, 7);
    assertThat(s.trainByUser().row(1)).isEmpty();
  }

  @Test
  void countsAddUpAndFingerprintIsStable() {
    RecData d = TinyData.create(3, 30, 50, 10, TinyData.Fields.CATEGORICAL);
    Split s = d.split();
    int positives = s.positivesByUser().size();
    assertThat(s.trainSize() + 2 * s.evalUsers().length).isEqualTo(positives);
    for (int u : s.evalUsers()) {
      assertThat(s.trainByUser().contains(u, s.testItem(u))).isFalse();
      assertThat(s.trainByUser().contains(u, s.valItem(u))).isFalse();
      assertThat(s.testItem(u)).isNotEqualTo(s.valItem(u));
    }
    assertThat(TinyData.create(3, 30, 50, 10, TinyData.Fields.CATEGORICAL).split().fingerprint()).isEqualTo(s.fingerprint());
    assertThat(TinyData.create(4, 30, 50, 10, TinyData.Fields.CATEGORICAL).split().fingerprint()).isNotEqualTo(s.fingerprint());
  }
}
