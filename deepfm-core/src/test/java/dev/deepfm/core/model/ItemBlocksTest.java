package dev.deepfm.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.util.Rng;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Item blocks: a permutation of the items, cut in full blocks, whose ranges hold every member. */
class ItemBlocksTest {

  @ParameterizedTest
  @CsvSource({"1,5", "8,5", "9,13", "100,16", "257,3"})
  void blocksPermuteTheItemsAndTheirRangesHoldEveryMember(int n, int width) {
    Rng rng = new Rng(n * 31L + width);
    float[] parts = new float[n * width];
    for (int i = 0; i < parts.length; i++) {
      // clusters along the first coordinate, so that splitting has something to find
      parts[i] = (float) rng.uniform(-1, 1) + (i % width == 0 ? 10f * ((i / width) % 3) : 0f);
    }
    for (Kernels kern : new Kernels[] {Kernels.plain(), Kernels.best()}) {
      ItemBlocks b = new ItemBlocks(parts, n, width, kern);
      assertThat(Arrays.stream(b.order).sorted().toArray()).containsExactly(IntStream.range(0, n).toArray());
      assertThat(b.count()).isEqualTo((n + ItemBlocks.SIZE - 1) / ItemBlocks.SIZE);
      for (int blk = 0; blk < b.count(); blk++) {
        assertThat(b.start[blk]).isEqualTo(blk * ItemBlocks.SIZE);
        for (int j = b.start[blk]; j < b.start[blk + 1]; j++) {
          for (int q = 0; q < width; q++) {
            float v = parts[b.order[j] * width + q];
            assertThat(b.lo[blk * width + q]).isLessThanOrEqualTo(v);
            assertThat(b.hi[blk * width + q]).isGreaterThanOrEqualTo(v);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"64", "200"})
  void alikeItemsShareBlocks(int n) {
    // two far-apart clusters, interleaved by index: no block may mix them
    int width = 4;
    Rng rng = new Rng(n);
    float[] parts = new float[n * width];
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < width; q++) {
        parts[i * width + q] = (float) rng.uniform(-0.1, 0.1) + (i % 2 == 0 ? 5f : -5f);
      }
    }
    ItemBlocks b = new ItemBlocks(parts, n, width, Kernels.best());
    int mixed = 0;
    for (int blk = 0; blk < b.count(); blk++) {
      if (b.hi[blk * width] - b.lo[blk * width] > 1f) {
        mixed++;
      }
    }
    // n / 2 items per cluster: at most one block straddles the two when n / 2 is not a multiple of 8
    assertThat(mixed).isLessThanOrEqualTo((n / 2) % ItemBlocks.SIZE == 0 ? 0 : 1);
  }
}
