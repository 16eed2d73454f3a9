package dev.deepfm.core.eval;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.Popularity;
import dev.deepfm.core.model.Scorer;
import dev.deepfm.core.model.TopK;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainResult;
import dev.deepfm.core.train.Trainer;
import dev.deepfm.core.train.TrainingListener;
import dev.deepfm.core.util.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what a model does for users and items it has never seen. A share of users and a share
 * of items are held out entirely: every interaction involving them is removed before training (the
 * remaining users are split leave-one-out as usual, keeping their time order). The model trains
 * with ids hidden at random, so its out-of-vocabulary rows learn the average user and item.
 *
 * <ul>
 *   <li><b>New users</b>: each held-out user is described by demographics alone (out-of-vocabulary
 *       id) and ranks every known item; relevant are all their positives on known items. Baseline:
 *       popularity in the training data.</li>
 *   <li><b>New items</b>: each held-out item is described by its genres alone. Every known user with
 *       positives among the new items ranks the new items; relevant are those positives. Baselines:
 *       genre popularity (an item scores the mean training popularity of known items sharing its
 *       tags) and the expected value of a random order (exact; its MAP is left as NaN).</li>
 * </ul>
 */
public final class ColdStartStudy {
  /**
   * What to hold out.
   *
   * @param userShare share of evaluated users held out entirely
   * @param itemShare share of items held out entirely
   * @param seed seed of the choice
   */
  public record Options(double userShare, double itemShare, long seed) {
    /** Checks the shares. */
    public Options {
      if (!(userShare > 0 && userShare < 1) || !(itemShare >= 0 && itemShare < 1)) {
        throw new IllegalArgumentException("held-out shares must be in (0, 1) for users and [0, 1) for items");
      }
    }
  }

  /**
   * The study's figures.
   *
   * @param newUsers users held out
   * @param newItems items held out
   * @param modelUsers the model on new users (demographics only)
   * @param popularityUsers popularity on new users
   * @param modelItems the model on new items (genres only), ranking new items for known users
   * @param genrePopularityItems genre popularity on new items
   * @param randomItems expected metrics of a random order of the new items
   * @param itemEvalUsers known users with positives among new items
   * @param training the training run
   */
  public record Result(int newUsers, int newItems, MetricTable modelUsers, MetricTable popularityUsers,
      MetricTable modelItems, MetricTable genrePopularityItems, MetricTable randomItems, int itemEvalUsers,
      TrainResult training) {}

  private ColdStartStudy() {}

  /** Runs the study on {@code data}, whose user_id and item_id fields must have out-of-vocabulary rows. */
  public static Result run(RecData data, ModelConfig model, TrainConfig train, Options options,
      TrainingListener listener) {
    Schema schema = data.schema();
    int userField = schema.indexOf("user_id");
    int itemField = schema.indexOf("item_id");
    if (userField < 0 || itemField < 0 || !schema.field(userField).oov() || !schema.field(itemField).oov()) {
      throw new IllegalArgumentException("the cold-start study needs user_id and item_id fields with out-of-vocabulary rows (cold-start data)");
    }
    if (train.idMaskRate() <= 0) {
      throw new IllegalArgumentException("the cold-start study needs an id mask rate > 0 to train the out-of-vocabulary rows");
    }
    Split split = data.split();
    int users = data.userCount();
    int items = data.itemCount();
    boolean[] newUser = choose(split.evalUsers(), options.userShare(), Rng.derive(options.seed(), "coldstart.users"), users);
    int[] allItems = java.util.stream.IntStream.range(0, items).toArray();
    boolean[] newItem = choose(allItems, options.itemShare(), Rng.derive(options.seed(), "coldstart.items"), items);

    // every user's positives in time order: training items (already in time order), validation, test
    List<int[]> history = new ArrayList<>();
    int[] start = new int[users + 1];
    for (int j = 0; j < split.trainSize(); j++) {
      start[split.trainUser(j) + 1]++;
    }
    for (int u = 0; u < users; u++) {
      start[u + 1] += start[u];
    }
    for (int u = 0; u < users; u++) {
      int n = start[u + 1] - start[u];
      boolean eval = split.testItem(u) >= 0;
      int[] h = new int[n + (eval ? 2 : 0)];
      for (int j = 0; j < n; j++) {
        h[j] = split.trainItem(start[u] + j);
      }
      if (eval) {
        h[n] = split.valItem(u);
        h[n + 1] = split.testItem(u);
      }
      history.add(h);
    }
    // the training data: no held-out user, no held-out item
    List<int[]> kept = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      if (newUser[u]) {
        continue;
      }
      int t = 0;
      for (int i : history.get(u)) {
        if (!newItem[i]) {
          kept.add(new int[] {u, i, t++});
        }
      }
    }
    int[] ku = kept.stream().mapToInt(x -> x[0]).toArray();
    int[] ki = kept.stream().mapToInt(x -> x[1]).toArray();
    long[] kt = kept.stream().mapToLong(x -> x[2]).toArray();
    Split reduced = Split.leaveOneOut(users, items, ku, ki, kt, 3);
    RecData trainData = new RecData(data.name() + "-coldstart", schema, data.users(), data.items(), reduced,
        data.userIds(), data.itemIds(), data.catalog(), data.fieldLabels(), data.sourceFingerprint());
    TrainResult trained = new Trainer(model, train).fit(trainData, listener);
    Scorer scorer = trained.model().scorer(withOov(data.items(), schema, itemField, newItem));
    Popularity popularity = new Popularity(reduced);
    int[] ks = train.ks();

    // new users: demographics only, rank every known item
    FeatureTable anonymous = withOov(data.users(), schema, userField, newUser);
    int[] knownItems = java.util.stream.IntStream.range(0, items).filter(i -> !newItem[i]).toArray();
    List<int[]> relevantU = new ArrayList<>();
    List<Integer> evalU = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      if (newUser[u]) {
        int[] rel = Arrays.stream(history.get(u)).filter(i -> !newItem[i]).distinct().sorted().toArray();
        if (rel.length > 0) {
          relevantU.add(rel);
          evalU.add(u);
        }
      }
    }
    MetricTable modelUsers = rank(scorer, anonymous, evalU, u -> knownItems, relevantU, ks);
    MetricTable popUsers = rank(popularity, anonymous, evalU, u -> knownItems, relevantU, ks);

    // new items: genres only, known users rank the new items
    int[] newItems = java.util.stream.IntStream.range(0, items).filter(i -> newItem[i]).toArray();
    MetricTable modelItems = null;
    MetricTable genreItems = null;
    MetricTable randomItems = null;
    List<Integer> evalI = new ArrayList<>();
    if (newItems.length > 0) {
      List<int[]> relevantI = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        if (!newUser[u] && reduced.testItem(u) >= 0) {
          int[] rel = Arrays.stream(history.get(u)).filter(i -> newItem[i]).distinct().sorted().toArray();
          if (rel.length > 0) {
            relevantI.add(rel);
            evalI.add(u);
          }
        }
      }
      modelItems = rank(scorer, data.users(), evalI, u -> newItems, relevantI, ks);
      genreItems = rank(genrePopularity(data, popularity, newItem), data.users(), evalI, u -> newItems, relevantI, ks);
      randomItems = expectedRandom(newItems.length, relevantI, ks);
    }
    return new Result((int) evalU.size(), newItems.length, modelUsers, popUsers, modelItems, genreItems,
        randomItems, evalI.size(), trained);
  }

  private static boolean[] choose(int[] pool, double share, Rng rng, int size) {
    int[] p = pool.clone();
    rng.shuffle(p, p.length);
    int n = (int) Math.round(share * p.length);
    boolean[] out = new boolean[size];
    for (int j = 0; j < n; j++) {
      out[p[j]] = true;
    }
    return out;
  }

  /** A copy of {@code table} whose id field holds the out-of-vocabulary row for the chosen entities. */
  static FeatureTable withOov(FeatureTable table, Schema schema, int field, boolean[] chosen) {
    int slot = -1;
    for (int s = 0; s < table.fieldCount(); s++) {
      if (table.field(s) == field) {
        slot = s;
      }
    }
    int[] rows = table.rows().clone();
    int oov = schema.offset(field) + schema.field(field).oovValue();
    for (int e = 0; e < table.size(); e++) {
      if (chosen[e]) {
        for (int q = table.bagStart(e, slot); q < table.bagEnd(e, slot); q++) {
          rows[q] = oov;
        }
      }
    }
    return FeatureTable.fromArrays(schema, table.fields(), table.size(), table.ptr(), rows, table.weights());
  }

  private static MetricTable rank(Scorer scorer, FeatureTable users, List<Integer> evalUsers,
      java.util.function.IntFunction<int[]> candidates, List<int[]> relevant, int[] ks) {
    int metrics = Metric.values().length;
    double[][] sum = new double[ks.length][metrics];
    Scorer.Context ctx = scorer.newContext();
    int kMax = Arrays.stream(ks).max().getAsInt();
    TopK top = new TopK(kMax);
    int[] ranked = new int[kMax];
    double[] m = new double[metrics];
    for (int x = 0; x < evalUsers.size(); x++) {
      int u = evalUsers.get(x);
      int[] c = candidates.apply(u);
      int len = ctx.best(users, u, c, c.length, top, ranked, null);
      for (int j = 0; j < ks.length; j++) {
        RankingMetrics.compute(ranked, len, relevant.get(x), ks[j], m);
        for (int q = 0; q < metrics; q++) {
          sum[j][q] += m[q];
        }
      }
    }
    for (double[] row : sum) {
      for (int q = 0; q < metrics; q++) {
        row[q] /= Math.max(1, evalUsers.size());
      }
    }
    return new MetricTable(ks, sum, evalUsers.size());
  }

  /** New items scored by the mean training popularity of known items sharing each of their tags. */
  private static Scorer genrePopularity(RecData data, Popularity popularity, boolean[] newItem) {
    Map<String, double[]> byTag = new HashMap<>();
    double total = 0;
    int known = 0;
    for (int i = 0; i < data.itemCount(); i++) {
      if (newItem[i]) {
        continue;
      }
      total += popularity.count(i);
      known++;
      for (String t : data.catalog().tags().get(i)) {
        double[] acc = byTag.computeIfAbsent(t, x -> new double[2]);
        acc[0] += popularity.count(i);
        acc[1]++;
      }
    }
    double mean = known == 0 ? 0 : total / known;
    float[] score = new float[data.itemCount()];
    for (int i = 0; i < data.itemCount(); i++) {
      List<String> tags = data.catalog().tags().get(i);
      double s = 0;
      for (String t : tags) {
        double[] acc = byTag.get(t);
        s += acc == null ? mean : acc[0] / acc[1];
      }
      score[i] = (float) (tags.isEmpty() ? mean : s / tags.size());
    }
    return () -> (users, u, items, n, out) -> {
      for (int j = 0; j < n; j++) {
        out[j] = score[items[j]];
      }
    };
  }

  /** Expected metrics of a uniformly random order of {@code n} candidates, per user, averaged. */
  static MetricTable expectedRandom(int n, List<int[]> relevant, int[] ks) {
    int metrics = Metric.values().length;
    double[][] sum = new double[ks.length][metrics];
    for (int[] rel : relevant) {
      int r = rel.length;
      for (int j = 0; j < ks.length; j++) {
        int k = Math.min(ks[j], n);
        // P(no relevant in the first k) = C(n - r, k) / C(n, k)
        double miss = 1;
        for (int t = 0; t < k; t++) {
          miss *= (double) (n - r - t) / (n - t);
          if (miss <= 0) {
            miss = 0;
            break;
          }
        }
        double p = (double) r / n;
        double dcg = 0;
        double idcg = 0;
        for (int pos = 1; pos <= k; pos++) {
          dcg += p / (Math.log(pos + 1) / Math.log(2));
        }
        for (int pos = 1; pos <= Math.min(r, ks[j]); pos++) {
          idcg += 1 / (Math.log(pos + 1) / Math.log(2));
        }
        sum[j][Metric.HIT_RATE.ordinal()] += 1 - miss;
        sum[j][Metric.RECALL.ordinal()] += (double) k / n;
        sum[j][Metric.NDCG.ordinal()] += dcg / idcg;
        // P(first relevant at pos) = P(none in the first pos - 1) * r / (n - pos + 1)
        double none = 1;
        double mrr = 0;
        for (int pos = 1; pos <= k; pos++) {
          mrr += none * r / (n - pos + 1) / pos;
          none *= (double) (n - r - pos + 1) / (n - pos + 1);
        }
        sum[j][Metric.MRR.ordinal()] += mrr;
        sum[j][Metric.MAP.ordinal()] = Double.NaN;
      }
    }
    for (double[] row : sum) {
      for (int q = 0; q < metrics; q++) {
        row[q] /= Math.max(1, relevant.size());
      }
    }
    return new MetricTable(ks, sum, relevant.size());
  }
}
