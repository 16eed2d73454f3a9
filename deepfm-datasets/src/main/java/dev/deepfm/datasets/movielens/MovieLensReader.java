package dev.deepfm.datasets.movielens;

import dev.deepfm.core.data.DataFormatException;
import dev.deepfm.core.util.Rng;
import dev.deepfm.datasets.movielens.MovieLensFiles.Movie;
import dev.deepfm.datasets.movielens.MovieLensFiles.Rating;
import dev.deepfm.datasets.movielens.MovieLensFiles.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates u.data (tab separated), u.user and u.item (pipe separated), all latin-1.
 * Every line is checked (column count, numbers, rating 1-5, age 0-99, gender M or F, 19 genre flags
 * of 0 or 1, unique ids, unique (user, movie) ratings, ratings of known users and movies); the first
 * {@value #MAX_PROBLEMS} problems are reported together, each as "file line N: field: problem".
 */
public final class MovieLensReader {
  /** Problems reported at most. */
  public static final int MAX_PROBLEMS = 20;

  private final List<String> problems = new ArrayList<>();

  private MovieLensReader() {}

  /** Reads the folder's u.data, u.user and u.item, or throws a {@link DataFormatException}. */
  public static MovieLensFiles read(Path dir) {
    return new MovieLensReader().readAll(dir);
  }

  private MovieLensFiles readAll(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir + ": not a folder (expected the MovieLens 100K folder with u.data, u.user, u.item)");
    }
    MessageDigest md = sha256();
    List<String> userLines = lines(dir.resolve("u.user"), md);
    List<String> itemLines = lines(dir.resolve("u.item"), md);
    List<String> dataLines = lines(dir.resolve("u.data"), md);
    String fingerprint = HexFormat.of().formatHex(md.digest(), 0, 8);
    List<User> users = parseUsers(dir.resolve("u.user"), userLines);
    List<Movie> movies = parseMovies(dir.resolve("u.item"), itemLines);
    List<Rating> ratings = parseRatings(dir.resolve("u.data"), dataLines, users, movies);
    if (!problems.isEmpty()) {
      throw new DataFormatException(problems);
    }
    return new MovieLensFiles(ratings, users, movies, fingerprint);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> lines(Path file, MessageDigest md) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file + ": file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    md.update(bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>(text.split("\n", -1).length);
    for (String line : text.split("\n", -1)) {
      out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private boolean problem(Path file, int line, String what) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(file + " line " + line + ": " + what);
    }
    return false;
  }

  private String[] columns(Path file, int line, String text, String separator, int expected) {
    if (text.isBlank()) {
      problem(file, line, "empty line");
      return null;
    }
    String[] cols = text.split(separator, -1);
    if (cols.length != expected) {
      problem(file, line, "expected " + expected + " fields separated by '"
          + (separator.equals("\t") ? "\\t" : separator.replace("\\", "")) + "', found " + cols.length);
      return null;
    }
    return cols;
  }

  private Long number(Path file, int line, String field, String value, long min, long max) {
    String v = value.trim();
    long x;
    try {
      x = Long.parseLong(v);
    } catch (NumberFormatException e) {
      problem(file, line, field + ": '" + value + "' is not a whole number");
      return null;
    }
    if (x < min || x > max) {
      problem(file, line, field + ": " + x + " is outside " + min + ".." + max);
      return null;
    }
    return x;
  }

  private List<User> parseUsers(Path file, List<String> lines) {
    List<User> users = new ArrayList<>();
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String[] c = columns(file, line, lines.get(i), "\\|", 5);
      if (c == null) {
        continue;
      }
      Long id = number(file, line, "user id", c[0], 1, Integer.MAX_VALUE);
      Long age = number(file, line, "age", c[1], 0, 99);
      String gender = c[2].trim();
      if (!gender.equals("M") && !gender.equals("F")) {
        problem(file, line, "gender: '" + c[2] + "' is neither M nor F");
        gender = null;
      }
      String occupation = c[3].trim();
      if (occupation.isEmpty()) {
        problem(file, line, "occupation: empty");
      }
      if (id != null) {
        Integer previous = seen.putIfAbsent(id.intValue(), line);
        if (previous != null) {
          problem(file, line, "user id " + id + " already defined on line " + previous);
          continue;
        }
      }
      if (id != null && age != null && gender != null && !occupation.isEmpty()) {
        users.add(new User(id.intValue(), age.intValue(), gender, occupation, c[4].trim()));
      }
    }
    if (lines.isEmpty()) {
      problems.add(file + ": no users");
    }
    return users;
  }

  private List<Movie> parseMovies(Path file, List<String> lines) {
    int genres = MovieLensFiles.GENRES.size();
    List<Movie> movies = new ArrayList<>();
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String[] c = columns(file, line, lines.get(i), "\\|", 5 + genres);
      if (c == null) {
        continue;
      }
      Long id = number(file, line, "movie id", c[0], 1, Integer.MAX_VALUE);
      boolean[] flags = new boolean[genres];
      boolean ok = id != null;
      for (int g = 0; g < genres; g++) {
        String v = c[5 + g].trim();
        if (v.equals("1")) {
          flags[g] = true;
        } else if (!v.equals("0")) {
          ok = problem(file, line, "genre " + MovieLensFiles.GENRES.get(g) + ": '" + c[5 + g] + "' is neither 0 nor 1");
        }
      }
      if (id != null) {
        Integer previous = seen.putIfAbsent(id.intValue(), line);
        if (previous != null) {
          problem(file, line, "movie id " + id + " already defined on line " + previous);
          continue;
        }
      }
      if (ok) {
        movies.add(new Movie(id.intValue(), c[1], c[2], flags));
      }
    }
    if (lines.isEmpty()) {
      problems.add(file + ": no movies");
    }
    return movies;
  }

  private List<Rating> parseRatings(Path file, List<String> lines, List<User> users,
      List<Movie> movies) {
    Set<Integer> userIds = new HashSet<>();
    users.forEach(u -> userIds.add(u.id()));
    Set<Integer> movieIds = new HashSet<>();
    movies.forEach(m -> movieIds.add(m.id()));
    Map<Long, Integer> seen = new HashMap<>();
    List<Rating> ratings = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String[] c = columns(file, line, lines.get(i), "\t", 4);
      if (c == null) {
        continue;
      }
      Long user = number(file, line, "user id", c[0], 1, Integer.MAX_VALUE);
      Long item = number(file, line, "item id", c[1], 1, Integer.MAX_VALUE);
      Long rating = number(file, line, "rating", c[2], 1, 5);
      Long time = number(file, line, "timestamp", c[3], 0, Long.MAX_VALUE);
      if (user == null || item == null || rating == null || time == null) {
        continue;
      }
      boolean ok = true;
      if (!userIds.contains(user.intValue())) {
        ok = problem(file, line, "user id " + user + " is not in u.user");
      }
      if (!movieIds.contains(item.intValue())) {
        ok = problem(file, line, "item id " + item + " is not in u.item");
      }
      // the key is mixed (bijectively, so distinct pairs stay distinct): a Long's own hash of
      // user << 32 | item is user ^ item, a few thousand values for 100,000 keys, and the map's
      // buckets degraded into trees (a fifth of the time taken to load ML-100K)
      Integer previous = seen.putIfAbsent(Rng.mix64(user << 32 | item), line);
      if (previous != null) {
        ok = problem(file, line, "user " + user + " already rated item " + item + " on line " + previous);
      }
      if (ok) {
        ratings.add(new Rating(user.intValue(), item.intValue(), rating.intValue(), time));
      }
    }
    if (lines.isEmpty()) {
      problems.add(file + ": no ratings");
    }
    return ratings;
  }
}
