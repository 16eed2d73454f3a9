package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepfm train} end to end on a small generated MovieLens-format dataset. */
class TrainCommandTest {
  @TempDir
  static Path tmp;
  static Path data;

  @BeforeAll
  static void fixture() throws Exception {
    data = MovieLensFixture.write(tmp.resolve("ml"), 42, 60, 90, 12);
  }

  private static List<Path> leftovers(Path parent) throws Exception {
    try (Stream<Path> s = Files.list(parent)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  @Test
  void writesACompleteRunFolder() throws Exception {
    Path out = tmp.resolve("run1");
    CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(),
        "--epochs", "3", "--seed", "7", "--threads", "2");
    assertThat(r.status()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).contains("Epoch  1/3").contains("Epoch  3/3").contains("hit_rate").contains("Wrote");
    assertThat(out.resolve("metrics.json")).isRegularFile();
    assertThat(out.resolve("history.csv")).isRegularFile();
    assertThat(out.resolve("model.deepfm")).isRegularFile();
    assertThat(out.resolve("training.png")).isRegularFile();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    for (String k : new String[] {"5", "10", "20"}) {
      for (String metric : new String[] {"recall", "hit_rate", "ndcg", "map", "mrr"}) {
        assertThat(m.path("test").path(k).path(metric).isNumber()).as(k + "/" + metric).isTrue();
      }
    }
    assertThat(m.path("best_epoch").asInt()).isBetween(1, 3);
    assertThat(m.path("epochs_run").asInt()).isEqualTo(3);
    assertThat(m.path("history")).hasSize(3);
    JsonNode e1 = m.path("history").get(0);
    assertThat(e1.path("epoch").asInt()).isEqualTo(1);
    assertThat(e1.path("loss").isNumber()).isTrue();
    assertThat(e1.path("val").path("ndcg@10").isNumber()).isTrue();
    assertThat(e1.path("val").path("hit_rate@10").isNumber()).isTrue();
    assertThat(e1.path("train_s").isNumber()).isTrue();
    assertThat(e1.path("eval_s").isNumber()).isTrue();
    assertThat(m.path("config").path("train").path("seed").asLong()).isEqualTo(7);
    assertThat(m.path("config").path("model").path("type").asText()).isEqualTo("deepfm");
    assertThat(m.path("data").path("users").asInt()).isPositive();
    assertThat(m.path("data").path("items").asInt()).isPositive();
    assertThat(m.path("data").path("train").asInt()).isPositive();
    assertThat(m.path("data").path("fingerprint").asText()).hasSize(16);
    assertThat(m.path("timings").path("total_s").isNumber()).isTrue();
    assertThat(m.path("environment").path("deepfm").asText()).isNotBlank();
    List<String> csv = Files.readAllLines(out.resolve("history.csv"), StandardCharsets.UTF_8);
    assertThat(csv).hasSize(4);
    assertThat(csv.get(0)).startsWith("epoch,loss,");
    byte[] png = Files.readAllBytes(out.resolve("training.png"));
    assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    ModelBundle bundle = ModelFile.read(out.resolve("model.deepfm"));
    assertThat(bundle.userIds().size()).isEqualTo(m.path("data").path("users").asInt());
    assertThat(bundle.provenance().get("best_epoch")).isEqualTo(m.path("best_epoch").asInt());
    assertThat(leftovers(tmp)).isEmpty();
  }

  @Test
  void sameSeedSameMetrics() throws Exception {
    CliRunner.Result a = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("s1").toString(),
        "--epochs", "2", "--seed", "3", "--quiet");
    CliRunner.Result b = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("s2").toString(),
        "--epochs", "2", "--seed", "3", "--quiet");
    assertThat(a.status()).isZero();
    assertThat(b.out()).isEqualTo(a.out());
    JsonNode ma = new ObjectMapper().readTree(tmp.resolve("s1/metrics.json").toFile());
    JsonNode mb = new ObjectMapper().readTree(tmp.resolve("s2/metrics.json").toFile());
    assertThat(mb.path("test")).isEqualTo(ma.path("test"));
  }

  @Test
  void badOptionPrintsOneLineAndWritesNothing() throws Exception {
    Path out = tmp.resolve("bad-option");
    CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(), "--epochs", "0");
    assertThat(r.status()).isNotZero();
    assertThat(r.err().strip()).isEqualTo("error: epochs must be in [1, 100000], got 0");
    assertThat(out).doesNotExist();
    CliRunner.Result r2 = CliRunner.run("train", "--data", data.toString(), "--genres", "sideways");
    assertThat(r2.status()).isNotZero();
    assertThat(r2.err().strip()).startsWith("error: --genres must be").doesNotContain("\n").doesNotContain("Exception");
    CliRunner.Result r3 = CliRunner.run("train", "--epochs", "many");
    assertThat(r3.status()).isEqualTo(2);
    assertThat(r3.err().strip()).startsWith("error: Invalid value for option '--epochs'").doesNotContain("\n");
    assertThat(leftovers(tmp)).isEmpty();
  }

  @Test
  void badDataNamesFileAndLineAndWritesNothing() throws Exception {
    Path broken = MovieLensFixture.write(tmp.resolve("broken"), 5, 30, 40, 6);
    List<String> lines = Files.readAllLines(broken.resolve("u.data"), StandardCharsets.ISO_8859_1);
    lines.set(6, lines.get(6).replaceFirst("\t[1-5]\t", "\t9\t"));
    Files.write(broken.resolve("u.data"), lines, StandardCharsets.ISO_8859_1);
    Path out = tmp.resolve("bad-data");
    CliRunner.Result r = CliRunner.run("train", "--data", broken.toString(), "--out", out.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: " + broken.resolve("u.data") + " line 7: rating: 9 is outside 1..5");
    assertThat(out).doesNotExist();
    assertThat(leftovers(tmp)).isEmpty();
  }

  @Test
  void missingDataFolder() {
    CliRunner.Result r = CliRunner.run("train", "--data", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("x").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("error: ").contains("nowhere").doesNotContain("Exception");
  }

  @Test
  void refusesToOverwriteUnlessForced() throws Exception {
    Path out = tmp.resolve("exists");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "mine");
    CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(), "--epochs", "1");
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("already exists");
    assertThat(out.resolve("keep.txt")).hasContent("mine");
    CliRunner.Result forced = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(), "--epochs", "1", "--force", "-q");
    assertThat(forced.status()).isZero();
    assertThat(out.resolve("keep.txt")).doesNotExist();
    assertThat(out.resolve("metrics.json")).isRegularFile();
  }
}
