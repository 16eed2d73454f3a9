package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.core.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default job end to end on the real MovieLens 100K: {@code deepfm train} with the reference
 * protocol (24 fields, 20 epochs at most, early stopping), seed 1.
 */
class RealDataRunTest {
  @TempDir
  Path tmp;

  @Test
  void defaultRunOnMovieLens100k() throws Exception {
    Path out = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", "--data", SharedData.ml100k().toString(), "--out",
        out.toString(), "--seed", "1", "--quiet");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.path("data").path("users").asInt()).isEqualTo(942);
    assertThat(m.path("data").path("items").asInt()).isEqualTo(1447);
    assertThat(m.path("data").path("train").asInt()).isEqualTo(53_491);
    assertThat(m.path("data").path("fields").asInt()).isEqualTo(24);
    // the PyTorch reference on this split: HR@10 0.1419, NDCG@10 0.0734 (sd over seeds 0.0089, 0.0044)
    assertThat(m.path("test").path("10").path("hit_rate").asDouble()).isGreaterThan(0.12);
    assertThat(m.path("test").path("10").path("ndcg").asDouble()).isGreaterThan(0.06);
    assertThat(m.path("epochs_run").asInt()).isBetween(6, 20);
  }
}
