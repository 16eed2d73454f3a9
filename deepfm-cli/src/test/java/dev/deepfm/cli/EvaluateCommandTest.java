package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deepfm evaluate}: a model file tested in a fresh JVM, on the data rebuilt from its
 * provenance, gives exactly the test metrics recorded at training time.
 */
class EvaluateCommandTest {
  @TempDir
  Path tmp;

  @Test
  void aModelFileRoundTripsInANewProcess() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 42, 60, 90, 12);
    Path run = tmp.resolve("run");
    // options that evaluate must take from the provenance: genre encoding, cold start, validation masking
    CliRunner.Result train = CliRunner.run("train", "--data", data.toString(), "--out", run.toString(), "--epochs", "2",
        "--seed", "11", "--threads", "2", "--hidden", "32,16", "--genres", "multi", "--cold-start", "--mask-validation", "-q");
    assertThat(train.status()).as(train.err()).isZero();
    Path json = tmp.resolve("evaluate.json");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp", cp, "dev.deepfm.cli.Main",
        "evaluate", "--model", run.resolve("model.deepfm").toString(), "--data", data.toString(), "--threads", "1",
        "--json", json.toString())
        .redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    JsonNode evaluated = new ObjectMapper().readTree(json.toFile());
    assertThat(evaluated.path("test")).isEqualTo(metrics.path("test"));
    assertThat(evaluated.path("identical_to_recorded").asBoolean()).isTrue();
    assertThat(evaluated.path("fingerprint").asText()).isEqualTo(metrics.path("data").path("fingerprint").asText());
    // the printed table is the one train printed
    assertThat(out).contains(train.out()).contains("validation items hidden")
        .contains("Identical to the test metrics recorded at training time.");
  }

  @Test
  void refusesDataThatIsNotTheModels() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 42, 60, 90, 12);
    Path run = tmp.resolve("run");
    CliRunner.Result train = CliRunner.run("train", "--data", data.toString(), "--out", run.toString(), "--epochs", "1",
        "--threads", "1", "--hidden", "32,16", "-q");
    assertThat(train.status()).as(train.err()).isZero();
    CliRunner.Result same = CliRunner.run("evaluate", "--model", run.resolve("model.deepfm").toString(), "--data",
        data.toString());
    assertThat(same.status()).as(same.err()).isZero();
    assertThat(same.out()).contains(train.out()).contains("Identical");

    Path other = MovieLensFixture.write(tmp.resolve("other"), 43, 60, 90, 12);
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model.deepfm").toString(), "--data",
        other.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).matches("error: the data does not match the model: split [0-9a-f]{16}, but the model "
        + "was trained on split " + new ObjectMapper().readTree(run.resolve("metrics.json").toFile())
        .path("data").path("fingerprint").asText());
    Path notModel = tmp.resolve("x.deepfm");
    Files.write(notModel, List.of("hello"));
    CliRunner.Result bad = CliRunner.run("evaluate", "--model", notModel.toString(), "--data", data.toString());
    assertThat(bad.err().strip()).isEqualTo("error: " + notModel + ": not a deepfm model file (unknown format)");
  }
}
