package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepfm cold-start} on small generated data. */
class ColdStartCommandTest {
  @TempDir
  Path tmp;

  @Test
  void reportsNewUsersAndNewItemsAgainstBaselines() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 8, 80, 100, 15);
    Path json = tmp.resolve("cold.json");
    CliRunner.Result r = CliRunner.run("cold-start", "--data", data.toString(), "--epochs", "3", "--seed", "2",
        "--user-share", "0.2", "--item-share", "0.2", "--out", json.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("New users:").contains("popularity").contains("New items:")
        .contains("genre popularity").contains("random (expected)");
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertThat(j.path("new_users").path("count").asInt()).isPositive();
    assertThat(j.path("new_items").path("count").asInt()).isEqualTo(20);
    assertThat(j.path("new_users").path("model").path("10").path("hit_rate").isNumber()).isTrue();
    assertThat(j.path("new_items").path("random_expected").path("10").path("hit_rate").asDouble()).isBetween(0.0, 1.0);
  }
}
