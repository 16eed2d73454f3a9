package dev.deepfm.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FmaCeilingTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 7, 1000, 100_000})
  void theSimdLoopDoesExactlyTheCountedWork(long iterations) {
    // every chain and lane runs the same recurrence, so the vector loop's result is the scalar one's
    assertThat(FmaCeiling.spin(iterations)).isEqualTo(FmaCeiling.spinPlain(iterations));
  }

  @Test
  void theWorkIsNotAConstant() {
    // the recurrence moves with every round, so a loop that skipped rounds would be caught above
    assertThat(FmaCeiling.spinPlain(1)).isNotEqualTo(FmaCeiling.spinPlain(2));
    assertThat(FmaCeiling.spinPlain(10)).isNotEqualTo(FmaCeiling.spinPlain(11));
  }

  @Test
  void flopsCountAMultiplyAndAnAddPerLanePerChain() {
    assertThat(FmaCeiling.flops(1000)).isEqualTo(2.0 * 12 * FmaCeiling.lanes() * 1000);
  }

  @Test
  void everyThreadOfTheTeamIsTimed() throws InterruptedException {
    assertThat(FmaCeiling.gflops(2, 10_000)).isPositive().isFinite();
  }
}
