package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.serve.Recommendation;
import dev.deepfm.core.serve.Recommender;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepfm recommend}, and the train options it relies on ({@code --cold-start}, {@code --id-mask-rate}). */
class RecommendCommandTest {
  @TempDir
  static Path tmp;
  static Path data;
  static Path coldModel;
  static Path plainModel;

  @BeforeAll
  static void train() throws Exception {
    data = MovieLensFixture.write(tmp.resolve("ml"), 42, 60, 90, 12);
    CliRunner.Result cold = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("cold").toString(),
        "--epochs", "2", "--seed", "3", "--threads", "1", "--hidden", "32,16", "--cold-start", "-q");
    assertThat(cold.status()).as(cold.err()).isZero();
    coldModel = tmp.resolve("cold/model.deepfm");
    CliRunner.Result plain = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("plain").toString(),
        "--epochs", "1", "--seed", "3", "--threads", "1", "--hidden", "32,16", "-q");
    assertThat(plain.status()).as(plain.err()).isZero();
    plainModel = tmp.resolve("plain/model.deepfm");
  }

  @Test
  void coldStartTrainingRecordsItsOptionsAndOovFields() throws Exception {
    JsonNode m = new ObjectMapper().readTree(tmp.resolve("cold/metrics.json").toFile());
    assertThat(m.path("config").path("data").path("cold_start").asBoolean()).isTrue();
    assertThat(m.path("config").path("train").path("id_mask_rate").asDouble()).isEqualTo(0.1);
    List<Field> fields = ModelFile.read(coldModel).model().schema().fields();
    assertThat(fields.stream().filter(Field::oov).map(Field::name)).containsExactly("user_id", "item_id");
    JsonNode p = new ObjectMapper().readTree(tmp.resolve("plain/metrics.json").toFile());
    assertThat(p.path("config").path("train").path("id_mask_rate").asDouble()).isZero();
    assertThat(ModelFile.read(plainModel).model().schema().fields().stream().noneMatch(Field::oov)).isTrue();

    CliRunner.Result rate = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("r").toString(),
        "--epochs", "1", "--threads", "1", "--hidden", "32,16", "--cold-start", "--id-mask-rate", "0.3", "-q");
    assertThat(rate.status()).as(rate.err()).isZero();
    assertThat(new ObjectMapper().readTree(tmp.resolve("r/metrics.json").toFile()).path("config").path("train")
        .path("id_mask_rate").asDouble()).isEqualTo(0.3);
    CliRunner.Result bad = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(),
        "--id-mask-rate", "0.2");
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err().strip()).isEqualTo("error: --id-mask-rate needs --cold-start (ids can only be hidden behind "
        + "an out-of-vocabulary row)");
    CliRunner.Result range = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(),
        "--cold-start", "--id-mask-rate", "1.5");
    assertThat(range.err().strip()).isEqualTo("error: id mask rate must be in [0, 1), got 1.5");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  /** The item ids of the table's rows, in order. */
  static List<String> itemsOf(String out) {
    return out.lines().skip(2).map(l -> l.trim().split("\\s+")[1]).toList();
  }

  @Test
  void recommendsForAKnownUser() {
    Recommender rec = Recommender.load(coldModel);
    String user = rec.bundle().userIds().id(3);
    CliRunner.Result r = CliRunner.run("recommend", "--model", coldModel.toString(), "--user", user, "-k", "5");
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0)).isEqualTo("Top 5 for user " + user + ":");
    assertThat(lines.get(1)).matches("rank\\s+item\\s+title\\s+genres\\s+score\\s+probability");
    List<Recommendation> want = rec.recommend(user, 5);
    assertThat(itemsOf(r.out())).isEqualTo(want.stream().map(Recommendation::itemId).toList());
    assertThat(lines.get(2)).startsWith("   1  ").contains(want.get(0).title())
        .contains(String.join("|", want.get(0).tags()))
        .endsWith(String.format(java.util.Locale.ROOT, "%.4f", want.get(0).probability()));
    CliRunner.Result d = CliRunner.run("recommend", "--model", coldModel.toString(), "--user", user);
    assertThat(d.out().lines().count()).isEqualTo(12);
  }

  @Test
  void unknownUserIsOneErrorLine() {
    CliRunner.Result r = CliRunner.run("recommend", "--model", coldModel.toString(), "--user", "nobody");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).isEqualTo("error: unknown user 'nobody'");
  }

  @Test
  void recommendsForANewUserFromFeatures() {
    CliRunner.Result r = CliRunner.run("recommend", "--model", coldModel.toString(), "--age", "25", "--gender", "F",
        "--occupation", "writer", "-k", "4");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().lines().findFirst()).hasValue("Top 4 for a new user (age=25, gender=F, occupation=writer):");
    List<Recommendation> want = Recommender.load(coldModel)
        .recommendNew(Map.of("age", "25", "gender", "F", "occupation", "writer"), 4);
    assertThat(itemsOf(r.out())).isEqualTo(want.stream().map(Recommendation::itemId).toList());
    CliRunner.Result generic = CliRunner.run("recommend", "--model", coldModel.toString(), "--feature", "age=25",
        "--feature", "gender=F", "--feature", "occupation=writer", "-k", "4");
    assertThat(generic.out()).isEqualTo(r.out());
    CliRunner.Result badValue = CliRunner.run("recommend", "--model", coldModel.toString(), "--age", "25",
        "--gender", "X", "--occupation", "writer");
    assertThat(badValue.status()).isEqualTo(1);
    assertThat(badValue.err().strip()).isEqualTo("error: feature 'gender': unknown value 'X' (expected one of M, F)");
    CliRunner.Result missing = CliRunner.run("recommend", "--model", coldModel.toString(), "--age", "25");
    assertThat(missing.err().strip()).startsWith("error: missing feature 'gender'");
  }

  @Test
  void newUserOnAModelWithoutColdStartIsAClearError() {
    CliRunner.Result r = CliRunner.run("recommend", "--model", plainModel.toString(), "--age", "25", "--gender", "F",
        "--occupation", "writer");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: this model was trained without cold-start support (train with --cold-start)");
  }

  @Test
  void badArgumentsAreOneErrorLine() {
    int items = Recommender.load(coldModel).itemCount();
    CliRunner.Result zero = CliRunner.run("recommend", "--model", coldModel.toString(), "--user", "1", "-k", "0");
    assertThat(zero.status()).isEqualTo(1);
    assertThat(zero.err().strip()).isEqualTo("error: k must be in 1.." + items + ", got 0");
    CliRunner.Result huge = CliRunner.run("recommend", "--model", coldModel.toString(), "--user", "1", "-k", "100000");
    assertThat(huge.err().strip()).isEqualTo("error: k must be in 1.." + items + ", got 100000");
    CliRunner.Result word = CliRunner.run("recommend", "--model", coldModel.toString(), "--user", "1", "-k", "ten");
    assertThat(word.status()).isEqualTo(2);
    assertThat(word.err().strip()).startsWith("error: Invalid value for option '--k': 'ten' is not an int").doesNotContain("\n");
    CliRunner.Result none = CliRunner.run("recommend", "--model", coldModel.toString());
    assertThat(none.err().strip()).startsWith("error: give --user ID, or a new user's features");
    CliRunner.Result both = CliRunner.run("recommend", "--model", coldModel.toString(), "--user", "1", "--age", "30");
    assertThat(both.err().strip()).isEqualTo("error: give either --user or the features of a new user, not both");
    CliRunner.Result noFile = CliRunner.run("recommend", "--model", tmp.resolve("none.deepfm").toString(), "--user", "1");
    assertThat(noFile.status()).isEqualTo(1);
    assertThat(noFile.err().strip()).isEqualTo("error: " + tmp.resolve("none.deepfm") + ": no such model file");
    CliRunner.Result noModel = CliRunner.run("recommend", "--user", "1");
    assertThat(noModel.status()).isEqualTo(2);
    assertThat(noModel.err().strip()).startsWith("error: Missing required option: '--model=FILE'");
  }
}
