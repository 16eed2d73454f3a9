package dev.deepfm.datasets.movielens;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.ItemCatalog;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.schema.Vocabulary;
import dev.deepfm.datasets.movielens.MovieLensFiles.Movie;
import dev.deepfm.datasets.movielens.MovieLensFiles.Rating;
import dev.deepfm.datasets.movielens.MovieLensFiles.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MovieLens 100K as the reference notebook prepares it: ratings of at least 4 are positives; users
 * and movies are numbered in order of first appearance among positives (movies never rated 4 or
 * more are not candidates); the split is temporal leave-one-out per user with a stable sort.
 *
 * <p>Fields: user id, age bucket (edges 0, 18, 25, 35, 45, 55, 65, 100, right-open), gender
 * (M = 0, F = 1), occupation (order of first appearance in u.user), movie id, then the genres: 19
 * binary fields (vocabulary 2 each, the reference's 24-field layout) or one multi-valued field of
 * 19 genres, mean-pooled.
 */
public final class MovieLens {
  /** Upper edges of the age buckets (right-open); the first bucket starts at 0. */
  public static final int[] AGE_EDGES = {18, 25, 35, 45, 55, 65, 100};
  /** Labels of the age buckets. */
  public static final List<String> AGE_LABELS = List.of("0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-99");

  /** How genres become fields. */
  public enum Genres {
    /** 19 binary fields, as the reference (24 fields in all). */
    FIELDS,
    /** One multi-valued field holding the movie's genres (6 fields in all). */
    MULTI
  }

  /**
   * Options of the mapping.
   *
   * @param genres genre encoding
   * @param positiveThreshold ratings at or above it are positives (the reference: 4)
   * @param coldStart give user_id and item_id an out-of-vocabulary row (the last), so that a model
   *     can learn what to do for users and movies it has never seen
   */
  public record Options(Genres genres, int positiveThreshold, boolean coldStart) {
    /** Checks the values. */
    public Options {
      java.util.Objects.requireNonNull(genres, "genres");
      if (positiveThreshold < 1 || positiveThreshold > 5) {
        throw new IllegalArgumentException("positive threshold must be in 1..5, got " + positiveThreshold);
      }
    }

    /** The reference's mapping. */
    public static Options defaults() {
      return new Options(Genres.FIELDS, 4, false);
    }

    /** A copy with another genre encoding. */
    public Options withGenres(Genres g) {
      return new Options(g, positiveThreshold, coldStart);
    }

    /** A copy with or without out-of-vocabulary id rows. */
    public Options withColdStart(boolean c) {
      return new Options(genres, positiveThreshold, c);
    }
  }

  private MovieLens() {}

  /** Reads and maps the folder with the reference's options. */
  public static RecData load(Path dir) {
    return load(dir, Options.defaults());
  }

  /** Reads and maps the folder. */
  public static RecData load(Path dir, Options options) {
    return toDataset(MovieLensReader.read(dir), options);
  }

  /** The age bucket of an age, as the reference's {@code pd.cut(right=False)}. */
  public static int ageBucket(int age) {
    if (age < 0 || age >= AGE_EDGES[AGE_EDGES.length - 1]) {
      throw new IllegalArgumentException("age " + age + " outside 0..99");
    }
    int b = 0;
    while (age >= AGE_EDGES[b]) {
      b++;
    }
    return b;
  }

  /** Maps validated files to the engine's dataset. */
  public static RecData toDataset(MovieLensFiles files, Options options) {
    Vocabulary.Builder userVocab = Vocabulary.builder();
    Vocabulary.Builder itemVocab = Vocabulary.builder();
    List<Rating> positives = new ArrayList<>();
    for (Rating r : files.ratings()) {
      if (r.rating() >= options.positiveThreshold()) {
        positives.add(r);
        userVocab.add(Integer.toString(r.user()));
        itemVocab.add(Integer.toString(r.item()));
      }
    }
    Vocabulary userIds = userVocab.build();
    Vocabulary itemIds = itemVocab.build();
    if (userIds.size() == 0) {
      throw new IllegalArgumentException("no rating reaches the positive threshold " + options.positiveThreshold());
    }
    Map<String, Integer> occupations = new LinkedHashMap<>();
    for (User u : files.users()) {
      occupations.putIfAbsent(u.occupation(), occupations.size());
    }
    int genres = MovieLensFiles.GENRES.size();
    List<Field> fields = new ArrayList<>();
    fields.add(options.coldStart() ? Field.categoricalWithOov("user_id", Side.USER, userIds.size())
        : Field.categorical("user_id", Side.USER, userIds.size()));
    fields.add(Field.categorical("age", Side.USER, AGE_LABELS.size()));
    fields.add(Field.categorical("gender", Side.USER, 2));
    fields.add(Field.categorical("occupation", Side.USER, occupations.size()));
    fields.add(options.coldStart() ? Field.categoricalWithOov("item_id", Side.ITEM, itemIds.size())
        : Field.categorical("item_id", Side.ITEM, itemIds.size()));
    if (options.genres() == Genres.FIELDS) {
      for (String g : MovieLensFiles.GENRES) {
        fields.add(Field.categorical("genre_" + g, Side.ITEM, 2));
      }
    } else {
      fields.add(Field.multi("genres", Side.ITEM, genres));
    }
    Schema schema = new Schema(fields);

    Map<Integer, User> usersById = new HashMap<>();
    files.users().forEach(u -> usersById.put(u.id(), u));
    FeatureTable.Builder ut = FeatureTable.builder(schema, schema.fieldsOn(Side.USER));
    for (int u = 0; u < userIds.size(); u++) {
      User user = usersById.get(Integer.parseInt(userIds.id(u)));
      ut.categorical(u)
          .categorical(ageBucket(user.age()))
          .categorical(user.gender().equals("M") ? 0 : 1)
          .categorical(occupations.get(user.occupation()));
    }
    Map<Integer, Movie> moviesById = new HashMap<>();
    files.movies().forEach(m -> moviesById.put(m.id(), m));
    FeatureTable.Builder it = FeatureTable.builder(schema, schema.fieldsOn(Side.ITEM));
    List<String> titles = new ArrayList<>();
    List<List<String>> tags = new ArrayList<>();
    for (int i = 0; i < itemIds.size(); i++) {
      Movie m = moviesById.get(Integer.parseInt(itemIds.id(i)));
      it.categorical(i);
      if (options.genres() == Genres.FIELDS) {
        for (int g = 0; g < genres; g++) {
          it.categorical(m.genres()[g] ? 1 : 0);
        }
      } else {
        int[] on = new int[genres];
        int n = 0;
        for (int g = 0; g < genres; g++) {
          if (m.genres()[g]) {
            on[n++] = g;
          }
        }
        it.multi(java.util.Arrays.copyOf(on, n));
      }
      titles.add(m.title());
      tags.add(m.genreNames());
    }
    int n = positives.size();
    int[] user = new int[n];
    int[] item = new int[n];
    long[] time = new long[n];
    for (int j = 0; j < n; j++) {
      Rating r = positives.get(j);
      user[j] = userIds.indexOf(Integer.toString(r.user())).getAsInt();
      item[j] = itemIds.indexOf(Integer.toString(r.item())).getAsInt();
      time[j] = r.timestamp();
    }
    Split split = Split.leaveOneOut(userIds.size(), itemIds.size(), user, item, time, 3);
    Map<String, List<String>> labels = new LinkedHashMap<>();
    labels.put("age", AGE_LABELS);
    labels.put("gender", List.of("M", "F"));
    labels.put("occupation", List.copyOf(occupations.keySet()));
    if (options.genres() == Genres.MULTI) {
      labels.put("genres", MovieLensFiles.GENRES);
    }
    return new RecData("ml-100k", schema, ut.build(), it.build(), split, userIds, itemIds,
        new ItemCatalog(titles, tags), labels, files.fingerprint());
  }
}
