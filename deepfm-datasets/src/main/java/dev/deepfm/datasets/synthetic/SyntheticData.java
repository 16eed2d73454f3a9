package dev.deepfm.datasets.synthetic;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.ItemCatalog;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.schema.Side;
import dev.deepfm.core.schema.Vocabulary;
import dev.deepfm.core.util.Rng;
import dev.deepfm.datasets.movielens.MovieLens;
import dev.deepfm.datasets.movielens.MovieLensFiles;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic implicit-feedback data with MovieLens 100K's schema, at any scale, for scaling
 * benchmarks: the same 24 fields as {@link MovieLens#load} (user_id, age (7 buckets), gender (2),
 * occupation (21), item_id, then 19 binary {@code genre_*} fields), split by
 * {@link Split#leaveOneOut} with at least 3 positives per user, so every user is evaluated.
 *
 * <p>The model, all of it deterministic from {@link Options#seed()}. Both popularity and activity
 * follow one curve of quantile {@code x} in (0, 1), exponent {@code s} and offset {@code c}:
 * {@code a(x) = (x + c)^-s - (1 + c)^-s}, a Zipf-Mandelbrot curve shifted to reach 0 at the end
 * ({@code s = 0} gives uniform weights). Being a function of quantiles, not of ranks, it has the
 * same shape at every scale: the top 10% of items get the same share of weight with 1,447 items as
 * with 144,700, where a plain {@code (rank + 1)^-s} would concentrate more and more on the head as
 * the catalogue grows.
 *
 * <ul>
 *   <li><b>Item popularity.</b> Items are put in a random order; the item of popularity rank
 *       {@code r} (0-based) has weight {@code a((r + 0.5) / items)} with {@code s = itemZipf} and
 *       {@code c = }{@value #ITEM_POPULARITY_OFFSET}. A user's items are drawn one at a time with
 *       probability proportional to weight among the items the user does not have yet (successive
 *       sampling without replacement, from an alias table). Duplicates are rejected against a
 *       per-item stamp array; a user whose draws keep hitting items they already have (strong skew,
 *       or a user holding a large share of all items) finishes on a Fenwick tree of integer weights
 *       with their items removed, which samples from the same distribution without rejections. The
 *       least popular items may get no positive at all (about 6% of them with
 *       {@link Options#movieLensScaled}); they stay in the catalogue.
 *   <li><b>User activity.</b> Users are put in a random order; the user of activity rank {@code r}
 *       gets {@code 3 + E * a(x) / sum(a)} positives, {@code x = (r + 0.5) / users}, {@code s =
 *       userZipf}, {@code c = }{@value #USER_ACTIVITY_OFFSET} and {@code E = positives - 3 * users},
 *       so the least active user has 3. Counts are rounded so that they sum to {@code positives}
 *       exactly, and capped at {@code ceil(items / 2)} (the excess going to the other users).
 *   <li><b>Order and time.</b> Each user's positives are in the order drawn (so the validation and
 *       test items are the last two drawn, from the items the user did not have yet). A user starts
 *       at a uniform time in MovieLens 100K's 7-month window; each next positive shares the previous
 *       one's timestamp with probability {@value #TIE_PROBABILITY} (MovieLens: 42%), and otherwise
 *       comes 1 to 3600 seconds later. The interactions are grouped by user.
 *   <li><b>Features.</b> Age bucket, gender and occupation are drawn independently from MovieLens
 *       100K's frequencies (its 942 users with positives); each item has 1 to 3 distinct genres, the
 *       number drawn as 674 : 510 : 263 (MovieLens, 3 or more folded into 3) and the genres by their
 *       MovieLens frequencies. Features are independent of the interactions: beyond popularity, the
 *       data carry no preference signal to learn.
 *   <li><b>Ids.</b> User and item ids are {@code "1".."n"}; item {@code i} is titled
 *       {@code "item i"} and tagged with its genre names.
 * </ul>
 *
 * <p>Memory: the interactions are three primitive arrays (user, item, time); deduplication uses
 * one int per item, reused by every user.
 */
public final class SyntheticData {
  /** Users of MovieLens 100K with a positive (rating 4 or more). */
  public static final int ML_USERS = 942;
  /** Items of MovieLens 100K with a positive. */
  public static final int ML_ITEMS = 1447;
  /** Positives (ratings of 4 or more) of MovieLens 100K. */
  public static final long ML_POSITIVES = 55_375;
  /**
   * The item popularity exponent of {@link Options#movieLensScaled}. With
   * {@link #ITEM_POPULARITY_OFFSET} it gives the top 1, 5, 10, 20 and 50% of items 7, 28, 46, 66 and
   * 91% of the positives at scale 1 (MovieLens 100K: 8.5, 30, 47.6, 69 and 94%), and the top 10%
   * about 50% from scale 10 on (users then hold a smaller part of the catalogue each, so the
   * duplicates they reject flatten the head less).
   */
  public static final double ML_ITEM_ZIPF = 1.0;
  /**
   * The user activity exponent of {@link Options#movieLensScaled}. With
   * {@link #USER_ACTIVITY_OFFSET} it gives the most active 10% of users 31.5% of the positives, and
   * quartiles of 17, 39 and 84 positives per user, at every scale (MovieLens 100K: 31.3%; 19, 39.5
   * and 81).
   */
  public static final double ML_USER_ZIPF = 0.8;
  /** The offset {@code c} of the item popularity curve (see the class comment). */
  public static final double ITEM_POPULARITY_OFFSET = 0.04;
  /** The offset {@code c} of the user activity curve (see the class comment). */
  public static final double USER_ACTIVITY_OFFSET = 0.17;
  /** Probability that a user's next positive has the same timestamp as the previous one. */
  public static final double TIE_PROBABILITY = 0.4;

  private static final String GENERATOR = "deepfm-synthetic/1";
  private static final long FIRST_TIME = 874_724_710L;
  private static final long TIME_SPAN = 18_561_928L;
  private static final int MAX_GAP = 3600;
  private static final int[] AGE_WEIGHTS = {36, 198, 309, 194, 142, 51, 12};
  private static final int[] GENDER_WEIGHTS = {670, 272};
  /** MovieLens 100K's occupations in order of first appearance in u.user, as {@link MovieLens} numbers them. */
  private static final List<String> OCCUPATIONS = List.of("technician", "other", "writer", "executive",
      "administrator", "student", "lawyer", "educator", "scientist", "entertainment", "programmer",
      "librarian", "homemaker", "artist", "engineer", "marketing", "none", "healthcare", "retired",
      "salesman", "doctor");
  private static final int[] OCCUPATION_WEIGHTS = {27, 105, 45, 32, 79, 196, 12, 95, 31, 18, 66, 50, 7,
      28, 67, 26, 9, 16, 14, 12, 7};
  private static final int[] GENRE_COUNT_WEIGHTS = {674, 510, 263};
  private static final int[] GENRE_WEIGHTS = {1, 224, 131, 39, 114, 441, 94, 39, 612, 18, 21, 79, 55, 58,
      225, 97, 225, 66, 24};

  private SyntheticData() {}

  /**
   * What to generate.
   *
   * @param users number of users, all evaluated (each gets at least 3 positives)
   * @param items number of items
   * @param positives number of distinct (user, item) positives (implicit interactions)
   * @param itemZipf exponent of the items' popularity curve (see {@link SyntheticData}); larger
   *     concentrates the positives on fewer items, 0 makes every item equally likely
   * @param userZipf exponent of the users' activity curve; larger concentrates the positives on
   *     fewer users, 0 gives every user the same number (within 1)
   * @param seed fixes every random choice
   */
  public record Options(int users, int items, long positives, double itemZipf, double userZipf, long seed) {

    /**
     * Checks the values: at least one user and item, {@code 3 * users <= positives <= users * items
     * / 2}, positives fit in an array, exponents in {@code [0, 3)}.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public Options {
      if (users <= 0) {
        throw new IllegalArgumentException("users must be > 0, got " + users);
      }
      if (items <= 0) {
        throw new IllegalArgumentException("items must be > 0, got " + items);
      }
      if (positives < 3L * users) {
        throw new IllegalArgumentException("positives must be at least 3 per user (" + 3L * users
            + " for " + users + " users), got " + positives);
      }
      if (2 * positives > (long) users * items) {
        throw new IllegalArgumentException("positives must be at most users * items / 2 ("
            + (long) users * items / 2 + " for " + users + " users and " + items + " items), got " + positives);
      }
      if (positives > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("positives must be at most " + (Integer.MAX_VALUE - 8) + ", got " + positives);
      }
      if (!(itemZipf >= 0 && itemZipf < 3)) {
        throw new IllegalArgumentException("itemZipf must be in [0, 3), got " + itemZipf);
      }
      if (!(userZipf >= 0 && userZipf < 3)) {
        throw new IllegalArgumentException("userZipf must be in [0, 3), got " + userZipf);
      }
    }

    /**
     * MovieLens 100K's shape scaled by {@code f}: {@code round(942 f)} users, {@code round(1447 f)}
     * items, {@code round(55,375 f)} positives (so about 58.8 per user at every scale), with
     * exponents {@link #ML_ITEM_ZIPF} and {@link #ML_USER_ZIPF}, calibrated on MovieLens 100K's
     * positives (the top 10% of items get 47.6% of them, the most active 10% of users 31.3%).
     *
     * @param f the scale factor, for example 1, 10 or 100
     * @param seed fixes every random choice
     * @return the options
     * @throws IllegalArgumentException if {@code f} is not positive and finite or too small to leave
     *     valid counts
     */
    public static Options movieLensScaled(double f, long seed) {
      if (!(f > 0 && f < 1e6)) {
        throw new IllegalArgumentException("scale factor must be in (0, 1e6), got " + f);
      }
      return new Options((int) Math.round(ML_USERS * f), (int) Math.round(ML_ITEMS * f),
          Math.round(ML_POSITIVES * f), ML_ITEM_ZIPF, ML_USER_ZIPF, seed);
    }
  }

  /**
   * Generates the dataset described by {@code options} (see the class comment for the model). Its
   * name is {@code "synthetic-x<f>"} when the options are {@link Options#movieLensScaled} of a
   * scale {@code f} with at most 3 decimals, otherwise {@code "synthetic-<users>u-<items>i-<positives>p"};
   * its source fingerprint is a hash of the options and of the generator's version.
   *
   * @param options what to generate
   * @return the data, split leave-one-out (every user evaluated)
   */
  public static RecData generate(Options options) {
    int users = options.users();
    int items = options.items();
    int n = (int) options.positives();
    long seed = options.seed();

    int[] itemOfRank = identity(items);
    Rng.derive(seed, "item-ranks").shuffle(itemOfRank, items);
    int[] userOfRank = identity(users);
    Rng.derive(seed, "user-ranks").shuffle(userOfRank, users);
    int[] countOfRank = activity(users, options.positives(), (items + 1) / 2, options.userZipf());

    double[] weight = new double[items];
    for (int r = 0; r < items; r++) {
      weight[r] = curve((r + 0.5) / items, options.itemZipf(), ITEM_POPULARITY_OFFSET);
    }
    Alias alias = new Alias(weight);
    Fenwick fenwick = null;

    int[] user = new int[n];
    int[] item = new int[n];
    long[] time = new long[n];
    int[] stamp = new int[items];
    int w = 0;
    for (int ur = 0; ur < users; ur++) {
      int u = userOfRank[ur];
      int k = countOfRank[ur];
      Rng rng = Rng.derive(seed, "positives", u);
      int start = w;
      int rejected = 0;
      while (w - start < k) {
        int r = alias.draw(rng);
        if (stamp[r] == u + 1) {
          if (++rejected > k + 16) {
            if (fenwick == null) {
              fenwick = new Fenwick(weight);
            }
            w = fenwick.finish(rng, item, start, w, start + k, stamp, u + 1);
            break;
          }
          continue;
        }
        stamp[r] = u + 1;
        item[w++] = r;
      }
      long t = FIRST_TIME + uniformLong(rng, TIME_SPAN);
      for (int j = start; j < w; j++) {
        if (j > start && rng.nextDouble() >= TIE_PROBABILITY) {
          t += 1 + rng.nextInt(MAX_GAP);
        }
        user[j] = u;
        item[j] = itemOfRank[item[j]];
        time[j] = t;
      }
    }
    if (w != n) {
      throw new IllegalStateException("generated " + w + " positives instead of " + n);
    }
    Split split = Split.leaveOneOut(users, items, user, item, time, 3);
    user = null;
    item = null;
    time = null;

    Schema schema = schema(users, items);
    Rng demo = Rng.derive(seed, "demographics");
    FeatureTable.Builder ut = FeatureTable.builder(schema, schema.fieldsOn(Side.USER));
    for (int u = 0; u < users; u++) {
      ut.categorical(u)
          .categorical(pick(demo, AGE_WEIGHTS))
          .categorical(pick(demo, GENDER_WEIGHTS))
          .categorical(pick(demo, OCCUPATION_WEIGHTS));
    }
    Rng genreRng = Rng.derive(seed, "genres");
    List<String> genreNames = MovieLensFiles.GENRES;
    int genres = genreNames.size();
    FeatureTable.Builder it = FeatureTable.builder(schema, schema.fieldsOn(Side.ITEM));
    List<String> titles = new ArrayList<>(items);
    List<List<String>> tags = new ArrayList<>(items);
    boolean[] on = new boolean[genres];
    for (int i = 0; i < items; i++) {
      java.util.Arrays.fill(on, false);
      int count = 1 + pick(genreRng, GENRE_COUNT_WEIGHTS);
      for (int c = 0; c < count; ) {
        int g = pick(genreRng, GENRE_WEIGHTS);
        if (!on[g]) {
          on[g] = true;
          c++;
        }
      }
      it.categorical(i);
      List<String> names = new ArrayList<>(count);
      for (int g = 0; g < genres; g++) {
        it.categorical(on[g] ? 1 : 0);
        if (on[g]) {
          names.add(genreNames.get(g));
        }
      }
      titles.add("item " + (i + 1));
      tags.add(names);
    }
    Map<String, List<String>> labels = new LinkedHashMap<>();
    labels.put("age", MovieLens.AGE_LABELS);
    labels.put("gender", List.of("M", "F"));
    labels.put("occupation", OCCUPATIONS);
    return new RecData(name(options), schema, ut.build(), it.build(), split, ids(users), ids(items),
        new ItemCatalog(titles, tags), labels, fingerprint(options));
  }

  /** The 24 fields of {@link MovieLens}'s default mapping, with these id vocabularies. */
  private static Schema schema(int users, int items) {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.categorical("user_id", Side.USER, users));
    fields.add(Field.categorical("age", Side.USER, MovieLens.AGE_LABELS.size()));
    fields.add(Field.categorical("gender", Side.USER, 2));
    fields.add(Field.categorical("occupation", Side.USER, OCCUPATIONS.size()));
    fields.add(Field.categorical("item_id", Side.ITEM, items));
    for (String g : MovieLensFiles.GENRES) {
      fields.add(Field.categorical("genre_" + g, Side.ITEM, 2));
    }
    return new Schema(fields);
  }

  /**
   * Positives per user, by activity rank (most active first): at least 3, at most {@code cap},
   * summing to {@code total}, shaped by {@code a(x)} of the class comment.
   */
  static int[] activity(int users, long total, int cap, double s) {
    double[] a = new double[users];
    for (int r = 0; r < users; r++) {
      a[r] = curve((r + 0.5) / users, s, USER_ACTIVITY_OFFSET);
    }
    double[] suffix = new double[users + 1];
    for (int r = users - 1; r >= 0; r--) {
      suffix[r] = suffix[r + 1] + a[r];
    }
    // Water-filling: a is decreasing, so the capped users are the first ones.
    double extra = total - 3.0 * users;
    int capped = 0;
    double scale = 0;
    while (capped < users) {
      double rest = extra - (double) capped * (cap - 3);
      scale = suffix[capped] > 0 ? rest / suffix[capped] : 0;
      if (3 + scale * a[capped] <= cap) {
        break;
      }
      capped++;
    }
    int[] count = new int[users];
    double acc = 0;
    long assigned = 0;
    for (int r = 0; r < users; r++) {
      acc += r < capped ? cap : 3 + scale * a[r];
      long target = r == users - 1 ? total : Math.round(acc);
      count[r] = (int) Math.max(3, Math.min(cap, target - assigned));
      assigned += count[r];
    }
    // Rounding drift (of at most a few units) goes to the users with room, least active first.
    for (int r = users - 1; assigned != total; r = r == 0 ? users - 1 : r - 1) {
      if (assigned < total && count[r] < cap) {
        count[r]++;
        assigned++;
      } else if (assigned > total && count[r] > 3) {
        count[r]--;
        assigned--;
      }
    }
    return count;
  }

  /**
   * The weight at quantile {@code x} in (0, 1) of a curve of exponent {@code s} and offset
   * {@code c}: {@code (x + c)^-s - (1 + c)^-s}, or 1 for {@code s = 0}.
   */
  static double curve(double x, double s, double c) {
    return s == 0 ? 1 : StrictMath.pow(x + c, -s) - StrictMath.pow(1 + c, -s);
  }

  private static String name(Options o) {
    BigDecimal f = BigDecimal.valueOf(o.users())
        .divide(BigDecimal.valueOf(ML_USERS), 3, RoundingMode.HALF_EVEN).stripTrailingZeros();
    try {
      if (f.signum() > 0 && Options.movieLensScaled(f.doubleValue(), o.seed()).equals(o)) {
        return "synthetic-x" + f.toPlainString();
      }
    } catch (IllegalArgumentException e) {
      // not a scaled MovieLens shape
    }
    return "synthetic-" + o.users() + "u-" + o.items() + "i-" + o.positives() + "p";
  }

  private static String fingerprint(Options o) {
    String text = GENERATOR + "|users=" + o.users() + "|items=" + o.items() + "|positives=" + o.positives()
        + "|itemZipf=" + o.itemZipf() + "|userZipf=" + o.userZipf() + "|seed=" + o.seed();
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Vocabulary ids(int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      ids.add(Integer.toString(i));
    }
    return Vocabulary.of(ids);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** An index drawn with probability proportional to the (small, positive) integer weights. */
  private static int pick(Rng rng, int[] weights) {
    int total = 0;
    for (int x : weights) {
      total += x;
    }
    int v = rng.nextInt(total);
    int i = 0;
    while (v >= weights[i]) {
      v -= weights[i++];
    }
    return i;
  }

  /** A uniform long in {@code [0, bound)}, {@code bound > 0}. */
  private static long uniformLong(Rng rng, long bound) {
    long mask = -1L >>> Long.numberOfLeadingZeros(bound - 1 | 1);
    long v;
    do {
      v = rng.nextLong() & mask;
    } while (v >= bound);
    return v;
  }

  /** Walker's alias table (Vose's construction): O(1) draws of an index by weight. */
  private static final class Alias {
    private final double[] prob;
    private final int[] alias;

    Alias(double[] weight) {
      int n = weight.length;
      prob = new double[n];
      alias = new int[n];
      double sum = 0;
      for (double x : weight) {
        sum += x;
      }
      int[] small = new int[n];
      int[] large = new int[n];
      int ns = 0;
      int nl = 0;
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = weight[i] * n / sum;
        if (p[i] < 1) {
          small[ns++] = i;
        } else {
          large[nl++] = i;
        }
      }
      while (ns > 0 && nl > 0) {
        int s = small[--ns];
        int l = large[--nl];
        prob[s] = p[s];
        alias[s] = l;
        p[l] = p[l] + p[s] - 1;
        if (p[l] < 1) {
          small[ns++] = l;
        } else {
          large[nl++] = l;
        }
      }
      while (nl > 0) {
        int l = large[--nl];
        prob[l] = 1;
        alias[l] = l;
      }
      while (ns > 0) {
        int s = small[--ns];
        prob[s] = 1;
        alias[s] = s;
      }
    }

    int draw(Rng rng) {
      double d = rng.nextDouble() * prob.length;
      int col = Math.min((int) d, prob.length - 1);
      return d - col < prob[col] ? col : alias[col];
    }
  }

  /**
   * A Fenwick tree over the weights, quantised to integers (total below 2^62, every weight at
   * least 1) so that removing and restoring an index is exact: successive sampling without
   * replacement in O(log n) per draw, for the users rejection sampling serves badly.
   */
  private static final class Fenwick {
    private final long[] quantum;
    private final long[] tree;
    private long total;

    Fenwick(double[] weight) {
      int n = weight.length;
      double sum = 0;
      for (double x : weight) {
        sum += x;
      }
      quantum = new long[n];
      tree = new long[n + 1];
      for (int i = 0; i < n; i++) {
        quantum[i] = Math.max(1, (long) (weight[i] / sum * 0x1p61));
        tree[i + 1] += quantum[i];
        int parent = (i + 1) + ((i + 1) & -(i + 1));
        if (parent <= n) {
          tree[parent] += tree[i + 1];
        }
        total += quantum[i];
      }
    }

    private void add(int i, long delta) {
      for (int j = i + 1; j < tree.length; j += j & -j) {
        tree[j] += delta;
      }
      total += delta;
    }

    /** The index whose cumulative range holds {@code target} in {@code [0, total)}. */
    private int find(long target) {
      int pos = 0;
      for (int step = Integer.highestOneBit(tree.length - 1); step > 0; step >>= 1) {
        int next = pos + step;
        if (next < tree.length && tree[next] <= target) {
          pos = next;
          target -= tree[next];
        }
      }
      return pos;
    }

    /**
     * Draws into {@code out[w..end)} without replacement, given that {@code out[from..w)} are
     * already taken (and stamped); leaves the tree as it found it. Returns {@code end}.
     */
    int finish(Rng rng, int[] out, int from, int w, int end, int[] stamp, int mark) {
      for (int j = from; j < w; j++) {
        add(out[j], -quantum[out[j]]);
      }
      while (w < end) {
        int r = find(uniformLong(rng, total));
        stamp[r] = mark;
        out[w++] = r;
        add(r, -quantum[r]);
      }
      for (int j = from; j < w; j++) {
        add(out[j], quantum[out[j]]);
      }
      return w;
    }
  }
}
