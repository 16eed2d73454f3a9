package dev.deepfm.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Mean, sample standard deviation and median, by hand. */
class StatsTest {
  @Test
  void handComputed() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, sample variance 32 / 7
    Stats s = Stats.of(2, 4, 4, 4, 5, 5, 7, 9);
    assertThat(s.n()).isEqualTo(8);
    assertThat(s.mean()).isCloseTo(5, within(1e-12));
    assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
    assertThat(s.min()).isEqualTo(2);
    assertThat(s.max()).isEqualTo(9);
    assertThat(Stats.of(0.25).sd()).isZero();
    assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
    assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
  }
}
