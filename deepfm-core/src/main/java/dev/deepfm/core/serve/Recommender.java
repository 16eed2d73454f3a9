package dev.deepfm.core.serve;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.IntCsr;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.model.Scorer;
import dev.deepfm.core.model.TopK;
import dev.deepfm.core.nn.BceWithLogits;
import dev.deepfm.core.schema.Side;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recommendations and scores from a trained model, in-process and thread-safe: load a model file
 * once, then call {@link #recommend}, {@link #recommendNew} and {@link #score} from any number of
 * threads. Known users never get back the items they trained on; new users are described by their
 * features (for models trained with cold-start support). Ranking uses the engine's split scorer:
 * every item's contribution is precomputed once, so a request costs the MLP above the first layer
 * for each candidate item.
 *
 * <p>A known user's top k is a pure function of the model, so answers are kept in a bounded cache
 * (by default the first {@value #DEFAULT_CACHE_ENTRIES} distinct (user, k) asked; once full, further
 * answers are computed every time). A reload builds a new recommender, with an empty cache.
 */
public final class Recommender {
  private final ModelBundle bundle;
  private final Scorer scorer;
  private final FeatureEncoder userEncoder;
  private final ThreadLocal<Workspace> workspace;
  private final int cacheEntries;
  private final java.util.concurrent.ConcurrentHashMap<Long, List<Recommendation>> cache =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The default bound of the answer cache. */
  public static final int DEFAULT_CACHE_ENTRIES = 100_000;

  /**
   * Per-thread scratch memory. Static and holding no reference to the recommender: a thread-local
   * value that pointed back to its ThreadLocal would keep every recommender ever used on a pooled
   * thread alive for the thread's lifetime (a server reloading models would leak them).
   */
  private static final class Workspace {
    final Scorer.Context ctx;
    final int[] candidates;

    Workspace(Scorer scorer, int items) {
      ctx = scorer.newContext();
      candidates = new int[items];
    }
  }

  /** A recommender over a loaded model bundle, with the default answer cache. */
  public Recommender(ModelBundle bundle) {
    this(bundle, DEFAULT_CACHE_ENTRIES);
  }

  /** A recommender caching at most {@code cacheEntries} known-user answers (0: none). */
  public Recommender(ModelBundle bundle, int cacheEntries) {
    if (cacheEntries < 0) {
      throw new IllegalArgumentException("cache entries must be >= 0, got " + cacheEntries);
    }
    this.cacheEntries = cacheEntries;
    this.bundle = bundle;
    this.scorer = bundle.model().scorer(bundle.items());
    this.userEncoder = new FeatureEncoder(bundle.model().schema(), bundle.fieldLabels(), Side.USER);
    Scorer sc = this.scorer;
    int items = bundle.itemIds().size();
    this.workspace = ThreadLocal.withInitial(() -> new Workspace(sc, items));
  }

  /** Loads a model file. */
  public static Recommender load(Path modelFile) {
    return new Recommender(ModelFile.read(modelFile));
  }

  /** The loaded model and its data. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** Number of items in the catalogue. */
  public int itemCount() {
    return bundle.itemIds().size();
  }

  /** Whether the model can recommend for users it has never seen. */
  public boolean supportsNewUsers() {
    var schema = bundle.model().schema();
    for (int f : schema.fieldsOn(Side.USER)) {
      if (schema.field(f).name().equals("user_id") || schema.field(f).oov()) {
        return schema.field(f).oov();
      }
    }
    return true;
  }

  /** The user features a new user must be described by. */
  public List<String> newUserFeatures() {
    return userEncoder.requiredFields();
  }

  private void checkK(int k) {
    if (k < 1 || k > itemCount()) {
      throw new IllegalArgumentException("k must be in 1.." + itemCount() + ", got " + k);
    }
  }

  /** The top {@code k} items for a known user, excluding the items the user trained on. */
  public List<Recommendation> recommend(String userId, int k) {
    checkK(k);
    int u = bundle.userIds().indexOf(userId).orElseThrow(() -> new UnknownIdException("user", userId));
    if (cacheEntries == 0) {
      return rank(bundle.users(), u, bundle.trainItems(), k);
    }
    long key = (long) u << 32 | k;
    List<Recommendation> hit = cache.get(key);
    if (hit != null) {
      return hit;
    }
    List<Recommendation> answer = List.copyOf(rank(bundle.users(), u, bundle.trainItems(), k));
    if (cache.size() < cacheEntries) {
      cache.putIfAbsent(key, answer);
    }
    return answer;
  }

  /**
   * Ranks for known users in turn ({@code k} = 10, never cached) and throws the answers away, for at
   * most {@code rounds} rankings or {@code budget}, whichever ends first, so that the JIT has
   * compiled the ranking path before the first real request. Cold, that path costs the first few
   * hundred requests up to hundreds of milliseconds each; a server calls this before it accepts
   * connections.
   *
   * @return the rankings done
   */
  public int warmUp(int rounds, java.time.Duration budget) {
    int users = bundle.userIds().size();
    if (users == 0 || rounds <= 0) {
      return 0;
    }
    int k = Math.min(10, itemCount());
    long deadline = System.nanoTime() + budget.toNanos();
    int done = 0;
    while (done < rounds && System.nanoTime() < deadline) {
      rank(bundle.users(), done % users, bundle.trainItems(), k);
      done++;
    }
    return done;
  }

  /**
   * The top {@code k} items for a user the model has never seen, described by readable feature
   * values (for MovieLens: age, gender, occupation).
   */
  public List<Recommendation> recommendNew(Map<String, String> features, int k) {
    checkK(k);
    if (!supportsNewUsers()) {
      throw new IllegalArgumentException("this model was trained without cold-start support (train with --cold-start)");
    }
    return rank(userEncoder.encode(features), 0, null, k);
  }

  private List<Recommendation> rank(FeatureTable users, int u, IntCsr exclude, int k) {
    Workspace w = workspace.get();
    int items = itemCount();
    int n = 0;
    int t = exclude == null ? 0 : exclude.start(u);
    int tEnd = exclude == null ? 0 : exclude.end(u);
    int[] ex = exclude == null ? null : exclude.values();
    for (int i = 0; i < items; i++) {
      while (t < tEnd && ex[t] < i) {
        t++;
      }
      if (t < tEnd && ex[t] == i) {
        continue;
      }
      w.candidates[n++] = i;
    }
    int[] top = new int[Math.min(k, n)];
    float[] topScores = new float[top.length];
    int count = w.ctx.best(users, u, w.candidates, n, new TopK(k), top, topScores);
    List<Recommendation> out = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      int item = top[r];
      float s = topScores[r];
      out.add(new Recommendation(r + 1, bundle.itemIds().id(item), bundle.catalog().titles().get(item),
          bundle.catalog().tags().get(item), s, BceWithLogits.sigmoid(s)));
    }
    return out;
  }

  /** The logit of each (user, item) pair, by original ids. */
  public float[] score(List<String> userIds, List<String> itemIds) {
    if (userIds.size() != itemIds.size()) {
      throw new IllegalArgumentException("as many users as items are needed, got " + userIds.size() + " and " + itemIds.size());
    }
    Workspace w = workspace.get();
    float[] out = new float[userIds.size()];
    int[] one = new int[1];
    float[] s = new float[1];
    for (int j = 0; j < out.length; j++) {
      String uid = userIds.get(j);
      String iid = itemIds.get(j);
      int u = bundle.userIds().indexOf(uid).orElseThrow(() -> new UnknownIdException("user", uid));
      one[0] = bundle.itemIds().indexOf(iid).orElseThrow(() -> new UnknownIdException("item", iid));
      w.ctx.score(bundle.users(), u, one, 1, s);
      out[j] = s[0];
    }
    return out;
  }
}
