package dev.deepfm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The bench's table: its rows come from bench.json's medians and its ratios from both sides. */
class BenchTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode summary(double median, double min, double max) {
    ObjectNode s = JSON.createObjectNode();
    s.put("median", median).put("min", min).put("max", max);
    return s;
  }

  @Test
  void showsBothRankingPassesAndTheirRatiosToPyTorch() {
    ObjectNode r = JSON.createObjectNode();
    r.put("repeat", 3);
    for (int threads : new int[] {1, 2}) {
      ObjectNode t = r.putObject("train_" + threads + "t_dense");
      t.put("threads", threads).put("adam", "dense");
      t.set("samples_per_s", summary(100_000.0 * threads, 90_000, 120_000 * threads));
      t.set("full_ranking_s", summary(0.4 / threads, 0.3, 0.5));
      t.set("exhaustive_ranking_s", summary(1.0 / threads, 0.9, 1.1));
      t.set("test_evaluation_s", summary(0.1, 0.1, 0.1));
      t.set("resample_s", summary(0.02, 0.02, 0.02));
    }
    r.putObject("whole_run").set("wall_s", summary(25, 24, 26));
    ObjectNode torch = r.putObject("torch");
    torch.put("torch_version", "x");
    ObjectNode t1 = torch.putObject("torch_fast_1t");
    t1.put("wall_s", 300.0).put("epochs", 20);
    t1.putObject("timings").put("train_samples_per_s", 50_000.0).put("val_eval_s", 160.0).put("test_eval_s", 8.0);

    String table = BenchTable.format(r);

    assertThat(table).contains("full ranking pass, top-20 (bounds skip items), 2 threads        0.200");
    assertThat(table).contains("full ranking pass, every pair scored, top-20, 2 threads        0.500");
    assertThat(table).contains("validation ranking 8.00 s/epoch, test ranking 8.00 s");
    assertThat(table).contains("whole run torch_fast (1 thr) / deepfm = 12.0x");
    assertThat(table).contains("deepfm 1 thr / torch 1 thr = 2.0x, deepfm 2 thr / torch 1 thr = 4.0x");
    assertThat(table).contains("full test ranking pass torch_fast (1 thr) / deepfm 2 thr = 40.0x (scoring every pair: 16.0x)");
  }

  @Test
  void showsTheFmaCeilingOrWhyItWasSkipped() {
    ObjectNode r = JSON.createObjectNode();
    r.put("repeat", 3);
    ObjectNode peak = r.putObject("fma_ceiling");
    peak.put("lanes", 8);
    peak.set("gflops_1t", summary(77.6, 76.2, 78.5));
    peak.set("gflops_2t", summary(150.1, 110.0, 156.0));
    String table = BenchTable.format(r);
    assertThat(table).contains("FMA ceiling, 8-float SIMD on registers, 1 thread             77.6   76.2 - 78.5");
    assertThat(table).contains("FMA ceiling, 8-float SIMD on registers, 2 threads           150.1   110.0 - 156.0");

    ObjectNode skipped = JSON.createObjectNode();
    skipped.put("repeat", 3);
    skipped.putObject("fma_ceiling").put("skipped", "no Vector API in this JVM");
    assertThat(BenchTable.format(skipped)).contains("FMA ceiling: skipped (no Vector API in this JVM)")
        .doesNotContain("GFLOP/s");
  }
}
