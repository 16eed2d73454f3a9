package dev.deepfm.datasets.movielens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small, valid folders in the MovieLens 100K format, for tests (the real data may not be shipped).
 * Everything is deterministic from the seed.
 */
public final class MovieLensFixture {
  /** Title of movie 1, which carries a latin-1 character. */
  public static final String LATIN1_TITLE = "Café Society (1995)";

  private static final List<String> OCCUPATIONS = List.of("administrator", "artist", "educator",
      "engineer", "librarian", "programmer", "student", "technician", "writer", "other");
  private static final long FIRST_TIMESTAMP = 874_724_710L;
  private static final long ZIP_TIME = 880_000_000_000L;

  private MovieLensFixture() {}

  /**
   * Writes a small but valid MovieLens-100K-format folder into {@code dir}: u.data (tab separated),
   * u.user and u.item (pipe separated, 24 columns with 19 genre flags), latin-1 with "\n" line
   * endings. Every user rates exactly {@code ratingsPerUser} distinct movies (ratings 1-5, at least 3
   * of them 4 or more, and two ratings of each user share a timestamp); the u.data lines are
   * shuffled; movie 1 is titled {@link #LATIN1_TITLE}.
   *
   * @param dir the folder (created if missing)
   * @param seed fixes every random choice
   * @param users number of users (ids 1..users)
   * @param items number of movies (ids 1..items), at least {@code ratingsPerUser}
   * @param ratingsPerUser ratings per user, at least 3
   * @return {@code dir}
   */
  public static Path write(Path dir, long seed, int users, int items, int ratingsPerUser)
      throws IOException {
    if (users < 1 || ratingsPerUser < 3 || items < ratingsPerUser) {
      throw new IllegalArgumentException("need users >= 1, ratingsPerUser >= 3 and items >= ratingsPerUser, got "
          + users + ", " + ratingsPerUser + ", " + items);
    }
    Random rnd = new Random(seed);
    Files.createDirectories(dir);

    List<String> userLines = new ArrayList<>();
    for (int u = 1; u <= users; u++) {
      userLines.add(u + "|" + (7 + rnd.nextInt(67)) + "|" + (rnd.nextBoolean() ? "M" : "F") + "|"
          + OCCUPATIONS.get(rnd.nextInt(OCCUPATIONS.size())) + "|" + String.format("%05d", rnd.nextInt(100_000)));
    }

    int genres = MovieLensFiles.GENRES.size();
    List<String> itemLines = new ArrayList<>();
    for (int i = 1; i <= items; i++) {
      int year = 1930 + rnd.nextInt(68);
      String title = i == 1 ? LATIN1_TITLE : "Movie " + i + " (" + year + ")";
      StringBuilder line = new StringBuilder();
      line.append(i).append('|').append(title).append('|').append("01-Jan-").append(year)
          .append("||http://us.imdb.com/M/title-exact?Movie%20").append(i);
      boolean[] flags = new boolean[genres];
      int count = 1 + rnd.nextInt(3);
      for (int k = 0; k < count; k++) {
        flags[1 + rnd.nextInt(genres - 1)] = true;
      }
      for (boolean f : flags) {
        line.append('|').append(f ? '1' : '0');
      }
      itemLines.add(line.toString());
    }

    List<String> dataLines = new ArrayList<>();
    int[] pool = new int[items];
    for (int u = 1; u <= users; u++) {
      for (int i = 0; i < items; i++) {
        pool[i] = i + 1;
      }
      long previous = 0;
      for (int j = 0; j < ratingsPerUser; j++) {
        int pick = j + rnd.nextInt(items - j);
        int item = pool[pick];
        pool[pick] = pool[j];
        pool[j] = item;
        int rating = j < 3 ? 4 + rnd.nextInt(2) : 1 + rnd.nextInt(5);
        long time = j == 1 ? previous : FIRST_TIMESTAMP + rnd.nextInt(18_000_000);
        previous = time;
        dataLines.add(u + "\t" + item + "\t" + rating + "\t" + time);
      }
    }
    java.util.Collections.shuffle(dataLines, rnd);

    writeLines(dir.resolve("u.user"), userLines);
    writeLines(dir.resolve("u.item"), itemLines);
    writeLines(dir.resolve("u.data"), dataLines);
    return dir;
  }

  /**
   * Zips the files of a folder as the official archive does: every entry under "ml-100k/", with a
   * fixed time stamp so that the bytes depend on the files only.
   *
   * @param dir a folder such as {@link #write} makes
   * @return the zip archive's bytes
   */
  public static byte[] zip(Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(dir)) {
      ZipEntry top = new ZipEntry("ml-100k/");
      top.setTime(ZIP_TIME);
      zip.putNextEntry(top);
      zip.closeEntry();
      for (Path p : (Iterable<Path>) walk.filter(p -> !p.equals(dir)).sorted()::iterator) {
        String name = "ml-100k/" + dir.relativize(p).toString().replace('\\', '/');
        boolean folder = Files.isDirectory(p);
        ZipEntry entry = new ZipEntry(folder ? name + "/" : name);
        entry.setTime(ZIP_TIME);
        zip.putNextEntry(entry);
        if (!folder) {
          Files.copy(p, zip);
        }
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    Files.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
