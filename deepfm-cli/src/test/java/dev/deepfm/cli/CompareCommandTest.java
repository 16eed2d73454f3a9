package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepfm compare} on small generated data. */
class CompareCommandTest {
  @TempDir
  Path tmp;

  @Test
  void comparesModelsOverSeeds() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 3, 50, 80, 12);
    Path out = tmp.resolve("cmp");
    CliRunner.Result r = CliRunner.run("compare", "--data", data.toString(), "--out", out.toString(),
        "--seeds", "1,2", "--epochs", "2", "--models", "neumf,deepfm,lr,deepfm-ids,popularity");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("@K = 5:").contains("@K = 10:").contains("@K = 20:")
        .contains("Recall@K").contains("NDCG@K").contains("MAP@K").contains("% Change")
        .contains("All models").contains("deepfm-ids").contains("popularity");
    JsonNode j = new ObjectMapper().readTree(out.resolve("comparison.json").toFile());
    assertThat(j.path("models").path("deepfm").path("runs")).hasSize(2);
    assertThat(j.path("models").path("popularity").path("runs")).hasSize(1);
    JsonNode s = j.path("models").path("neumf").path("summary").path("10").path("hit_rate");
    double a = j.path("models").path("neumf").path("runs").get(0).path("test").path("10").path("hit_rate").asDouble();
    double b = j.path("models").path("neumf").path("runs").get(1).path("test").path("10").path("hit_rate").asDouble();
    assertThat(s.path("mean").asDouble()).isCloseTo((a + b) / 2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(s.path("sd").asDouble()).isCloseTo(Math.abs(a - b) / Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(out.resolve("comparison.png")).isRegularFile();
    assertThat(out.resolve("runs.csv")).isRegularFile();
  }

  @Test
  void parallelRunsGiveTheSequentialResults() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml2"), 4, 40, 60, 10);
    CliRunner.Result seq = CliRunner.run("compare", "--data", data.toString(), "--out", tmp.resolve("a").toString(),
        "--seeds", "1,2", "--epochs", "2", "--models", "deepfm,fm", "--parallel", "1", "--threads", "2");
    CliRunner.Result par = CliRunner.run("compare", "--data", data.toString(), "--out", tmp.resolve("b").toString(),
        "--seeds", "1,2", "--epochs", "2", "--models", "deepfm,fm", "--parallel", "2", "--threads", "2");
    assertThat(seq.status()).as(seq.err()).isZero();
    assertThat(par.status()).as(par.err()).isZero();
    JsonNode a = new ObjectMapper().readTree(tmp.resolve("a/comparison.json").toFile()).path("models");
    JsonNode b = new ObjectMapper().readTree(tmp.resolve("b/comparison.json").toFile()).path("models");
    assertThat(b.path("deepfm").path("summary")).isEqualTo(a.path("deepfm").path("summary"));
    assertThat(b.path("fm").path("summary")).isEqualTo(a.path("fm").path("summary"));
  }

  @Test
  void unknownModelIsOneLine() {
    CliRunner.Result r = CliRunner.run("compare", "--models", "deepfm,xgboost", "--out", tmp.resolve("c").toString());
    assertThat(r.status()).isNotZero();
    assertThat(r.err().strip()).startsWith("error: unknown model 'xgboost'").doesNotContain("\n");
  }
}
