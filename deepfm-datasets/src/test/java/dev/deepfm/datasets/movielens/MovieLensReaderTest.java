package dev.deepfm.datasets.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deepfm.core.data.DataFormatException;
import dev.deepfm.core.data.RecData;
import dev.deepfm.datasets.movielens.MovieLensFiles.Rating;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading and validation of the three MovieLens files, one corruption at a time. */
class MovieLensReaderTest {
  private static final int USERS = 12;
  private static final int ITEMS = 30;
  private static final int PER_USER = 8;

  @TempDir Path dir;

  @BeforeEach
  void writeFixture() throws IOException {
    MovieLensFixture.write(dir, 7, USERS, ITEMS, PER_USER);
  }

  @Test
  void fixtureReadsAndMaps() {
    MovieLensFiles files = MovieLensReader.read(dir);
    assertThat(files.users()).hasSize(USERS);
    assertThat(files.movies()).hasSize(ITEMS);
    assertThat(files.ratings()).hasSize(USERS * PER_USER);
    assertThat(files.movies().get(0).title()).isEqualTo(MovieLensFixture.LATIN1_TITLE);
    assertThat(files.movies()).allSatisfy(m -> assertThat(m.genres()).hasSize(19));

    RecData data = MovieLens.load(dir);
    long positives = files.ratings().stream().filter(r -> r.rating() >= 4).count();
    long positiveItems = files.ratings().stream().filter(r -> r.rating() >= 4).mapToInt(Rating::item)
        .distinct().count();
    assertThat(data.userCount()).isEqualTo(USERS);
    assertThat(data.itemCount()).isEqualTo((int) positiveItems);
    assertThat(data.split().evalUsers()).hasSize(USERS);
    assertThat(data.split().trainSize()).isEqualTo((int) positives - 2 * USERS);
    assertThat(data.schema().size()).isEqualTo(24);
  }

  @Test
  void fixtureIsDeterministic(@TempDir Path other) throws IOException {
    MovieLensFixture.write(other, 7, USERS, ITEMS, PER_USER);
    for (String name : List.of("u.data", "u.user", "u.item")) {
      assertThat(Files.readAllBytes(other.resolve(name))).isEqualTo(Files.readAllBytes(dir.resolve(name)));
    }
  }

  // ------------------------------------------------------------- column counts

  @Test
  void wrongColumnCountInData() throws IOException {
    editLine("u.data", 5, l -> l.substring(0, l.lastIndexOf('\t')));
    assertFirstProblem("u.data", 5, "expected 4 fields separated by '\\t', found 3");
  }

  @Test
  void wrongColumnCountInUser() throws IOException {
    editLine("u.user", 3, l -> l + "|extra");
    assertFirstProblem("u.user", 3, "expected 5 fields separated by '|', found 6");
  }

  @Test
  void wrongColumnCountInItem() throws IOException {
    editLine("u.item", 4, l -> l.substring(0, l.lastIndexOf('|')));
    assertFirstProblem("u.item", 4, "expected 24 fields separated by '|', found 23");
  }

  // ------------------------------------------------------------- values

  @Test
  void nonNumericTimestamp() throws IOException {
    editField("u.data", 7, 3, "88125o949");
    assertFirstProblem("u.data", 7, "timestamp: '88125o949' is not a whole number");
  }

  @Test
  void nonNumericAge() throws IOException {
    editField("u.user", 2, 1, "twenty");
    assertFirstProblem("u.user", 2, "age: 'twenty' is not a whole number");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6})
  void ratingOutsideOneToFive(int rating) throws IOException {
    editField("u.data", 4, 2, Integer.toString(rating));
    assertFirstProblem("u.data", 4, "rating: " + rating + " is outside 1..5");
  }

  @Test
  void unknownGender() throws IOException {
    editField("u.user", 2, 2, "X");
    assertFirstProblem("u.user", 2, "gender: 'X' is neither M nor F");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 120})
  void ageOutOfRange(int age) throws IOException {
    editField("u.user", 6, 1, Integer.toString(age));
    assertFirstProblem("u.user", 6, "age: " + age + " is outside 0..99");
  }

  @Test
  void genreFlagNotZeroOrOne() throws IOException {
    editField("u.item", 3, 6, "2");
    assertFirstProblem("u.item", 3, "genre Action: '2' is neither 0 nor 1");
  }

  // ------------------------------------------------------------- identities and references

  @Test
  void duplicateUserId() throws IOException {
    editField("u.user", 4, 0, "1");
    assertFirstProblem("u.user", 4, "user id 1 already defined on line 1");
  }

  @Test
  void duplicateMovieId() throws IOException {
    editField("u.item", 5, 0, "2");
    assertFirstProblem("u.item", 5, "movie id 2 already defined on line 2");
  }

  @Test
  void duplicateRating() throws IOException {
    String[] first = line("u.data", 3).split("\t");
    editLine("u.data", 10, l -> {
      String[] c = l.split("\t");
      return first[0] + "\t" + first[1] + "\t" + c[2] + "\t" + c[3];
    });
    assertFirstProblem("u.data", 10,
        "user " + first[0] + " already rated item " + first[1] + " on line 3");
  }

  @Test
  void ratedItemMissingFromItems() throws IOException {
    editField("u.data", 8, 1, "9999");
    assertFirstProblem("u.data", 8, "item id 9999 is not in u.item");
  }

  @Test
  void raterMissingFromUsers() throws IOException {
    editField("u.data", 9, 0, "9999");
    assertFirstProblem("u.data", 9, "user id 9999 is not in u.user");
  }

  // ------------------------------------------------------------- files and lines

  @Test
  void missingFile() throws IOException {
    Files.delete(dir.resolve("u.item"));
    DataFormatException e = read();
    assertThat(e.getMessage()).isEqualTo(dir.resolve("u.item") + ": file not found");
  }

  @Test
  void notAFolder() {
    DataFormatException e = catchThrowableOfType(DataFormatException.class,
        () -> MovieLensReader.read(dir.resolve("nowhere")));
    assertThat(e.getMessage()).startsWith(dir.resolve("nowhere") + ": not a folder");
  }

  @Test
  void emptyLineInTheMiddle() throws IOException {
    editLine("u.data", 6, l -> "");
    assertFirstProblem("u.data", 6, "empty line");
    assertThat(read().problems()).hasSize(1);
  }

  @Test
  void severalProblemsAreAllReported() throws IOException {
    editField("u.data", 2, 2, "0");
    editField("u.data", 5, 1, "9999");
    editLine("u.data", 9, l -> "");
    DataFormatException e = read();
    List<String> expected = List.of(
        at("u.data", 2) + "rating: 0 is outside 1..5",
        at("u.data", 5) + "item id 9999 is not in u.item",
        at("u.data", 9) + "empty line");
    assertThat(e.problems()).containsExactlyElementsOf(expected);
    assertThat(e.getMessage()).isEqualTo(expected.get(0) + " (and 2 more: "
        + expected.get(1) + "; " + expected.get(2) + ")");
  }

  @Test
  void problemsAreCappedAtTheLimit() throws IOException {
    for (int line = 1; line <= USERS * PER_USER; line++) {
      editField("u.data", line, 2, "9");
    }
    DataFormatException e = read();
    assertThat(e.problems()).hasSize(MovieLensReader.MAX_PROBLEMS);
    assertThat(e.problems().get(MovieLensReader.MAX_PROBLEMS - 1))
        .isEqualTo(at("u.data", MovieLensReader.MAX_PROBLEMS) + "rating: 9 is outside 1..5");
  }

  @Test
  void crlfLineEndingsAreAccepted(@TempDir Path crlf) throws IOException {
    for (String name : List.of("u.data", "u.user", "u.item")) {
      String text = new String(Files.readAllBytes(dir.resolve(name)), StandardCharsets.ISO_8859_1);
      Files.write(crlf.resolve(name), text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    MovieLensFiles lf = MovieLensReader.read(dir);
    MovieLensFiles cr = MovieLensReader.read(crlf);
    assertThat(cr.ratings()).isEqualTo(lf.ratings());
    assertThat(cr.users()).isEqualTo(lf.users());
    assertThat(cr.movies()).extracting(MovieLensFiles.Movie::title)
        .isEqualTo(lf.movies().stream().map(MovieLensFiles.Movie::title).toList());
    assertThat(cr.movies().get(0).genres()).isEqualTo(lf.movies().get(0).genres());
    assertThat(MovieLens.load(crlf).split().fingerprint())
        .isEqualTo(MovieLens.load(dir).split().fingerprint());
  }

  // ------------------------------------------------------------- helpers

  private DataFormatException read() {
    DataFormatException e = catchThrowableOfType(DataFormatException.class, () -> MovieLensReader.read(dir));
    assertThat(e).as("reading a corrupted folder must fail").isNotNull();
    return e;
  }

  /** The first problem is exactly "FILE line N: problem" and the message starts with it. */
  private void assertFirstProblem(String file, int line, String problem) {
    DataFormatException e = read();
    String expected = at(file, line) + problem;
    assertThat(e.problems().get(0)).isEqualTo(expected);
    assertThat(e.getMessage()).startsWith(expected);
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  private String at(String file, int line) {
    return dir.resolve(file) + " line " + line + ": ";
  }

  private List<String> lines(String file) throws IOException {
    String text = new String(Files.readAllBytes(dir.resolve(file)), StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    out.remove(out.size() - 1); // after the final newline
    return out;
  }

  private String line(String file, int line) throws IOException {
    return lines(file).get(line - 1);
  }

  /** Replaces 1-based line {@code line} of {@code file}. */
  private void editLine(String file, int line, UnaryOperator<String> edit) throws IOException {
    List<String> all = lines(file);
    all.set(line - 1, edit.apply(all.get(line - 1)));
    Files.write(dir.resolve(file), (String.join("\n", all) + "\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Replaces 0-based field {@code field} of 1-based line {@code line}. */
  private void editField(String file, int line, int field, String value) throws IOException {
    String separator = file.equals("u.data") ? "\t" : "|";
    editLine(file, line, l -> {
      String[] c = l.split(java.util.regex.Pattern.quote(separator), -1);
      c[field] = value;
      return String.join(separator, c);
    });
  }
}
