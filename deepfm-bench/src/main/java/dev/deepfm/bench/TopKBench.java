package dev.deepfm.bench;

import dev.deepfm.core.model.TopK;
import dev.deepfm.core.util.Rng;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Choosing a user's top 20 of 1,447 scored items (MovieLens 100K's catalogue, ranked whole by the
 * evaluator), in the evaluator's total order (higher score first, equal scores by lower item, NaN
 * last), three ways, in <b>us per ranking</b>:
 *
 * <ul>
 *   <li>{@code topK}: {@link TopK#select}, a size-20 heap, O(n log K);</li>
 *   <li>{@code sortPrimitive}: the baseline that sorts everything, done well: one {@code long} key
 *       per item (order-preserving bits of the score, then the item) and {@link Arrays#sort(long[])},
 *       O(n log n), no allocation beyond the key array;</li>
 *   <li>{@code sortBoxed}: the naive full sort, boxed {@code Integer} indices and a comparator.</li>
 * </ul>
 *
 * <p>Each call ranks the next of 32 score vectors (uniform in [0, 1), as different as different
 * users' scores), so branch predictors cannot learn one vector. Setup checks that the three return
 * the same 20 items in the same order for every vector.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class TopKBench {
  static final int VECTORS = 32;

  /** Candidates per ranking. */
  @Param({"1447"})
  public int items;

  /** How many to keep. */
  @Param({"20"})
  public int k;

  private float[][] scores;
  private int[] itemIds;
  private int[] out;
  private TopK topK;
  private int next;

  /** Draws the score vectors and checks the three methods agree. */
  @Setup(Level.Trial)
  public void setup() {
    Rng rng = BenchSupport.rng("topk");
    scores = new float[VECTORS][items];
    for (float[] s : scores) {
      for (int j = 0; j < items; j++) {
        s[j] = rng.nextFloat();
      }
    }
    itemIds = new int[items];
    for (int j = 0; j < items; j++) {
      itemIds[j] = j;
    }
    out = new int[k];
    topK = new TopK(k);
    for (float[] s : scores) {
      int[] heap = Arrays.copyOf(select(s, new int[k]), k);
      int[] prim = Arrays.copyOf(sortPrimitive(s, new int[k]), k);
      int[] boxed = Arrays.copyOf(sortBoxed(s, new int[k]), k);
      if (!Arrays.equals(heap, prim) || !Arrays.equals(heap, boxed)) {
        throw new IllegalStateException("top-" + k + " disagree: heap " + Arrays.toString(heap)
            + ", primitive sort " + Arrays.toString(prim) + ", boxed sort " + Arrays.toString(boxed));
      }
    }
  }

  private float[] nextScores() {
    float[] s = scores[next];
    next = (next + 1) & (VECTORS - 1);
    return s;
  }

  private int[] select(float[] s, int[] dst) {
    topK.select(itemIds, s, items, dst);
    return dst;
  }

  /** The score's bits mapped so that signed integer order is float order (NaN as -infinity). */
  static int orderedBits(float score) {
    float s = score != score ? Float.NEGATIVE_INFINITY : score + 0f; // -0 becomes +0
    int bits = Float.floatToRawIntBits(s);
    return bits ^ ((bits >> 31) & 0x7FFFFFFF);
  }

  private int[] sortPrimitive(float[] s, int[] dst) {
    long[] keys = new long[items];
    for (int j = 0; j < items; j++) {
      // ascending keys: descending score, then ascending item
      keys[j] = ((long) ~orderedBits(s[j]) << 32) | itemIds[j];
    }
    Arrays.sort(keys);
    int n = Math.min(k, items);
    for (int i = 0; i < n; i++) {
      dst[i] = (int) keys[i];
    }
    return dst;
  }

  private int[] sortBoxed(float[] s, int[] dst) {
    Integer[] order = new Integer[items];
    for (int j = 0; j < items; j++) {
      order[j] = j;
    }
    Comparator<Integer> byRank = (x, y) -> {
      float sx = s[x] != s[x] ? Float.NEGATIVE_INFINITY : s[x];
      float sy = s[y] != s[y] ? Float.NEGATIVE_INFINITY : s[y];
      if (TopK.before(sx, itemIds[x], sy, itemIds[y])) {
        return -1;
      }
      return TopK.before(sy, itemIds[y], sx, itemIds[x]) ? 1 : 0;
    };
    Arrays.sort(order, byRank);
    int n = Math.min(k, items);
    for (int i = 0; i < n; i++) {
      dst[i] = itemIds[order[i]];
    }
    return dst;
  }

  /** The heap. */
  @Benchmark
  public int[] topK() {
    return select(nextScores(), out);
  }

  /** Full sort of primitive keys, then the first K. */
  @Benchmark
  public int[] sortPrimitive() {
    return sortPrimitive(nextScores(), out);
  }

  /** Full sort of boxed indices with a comparator, then the first K. */
  @Benchmark
  public int[] sortBoxed() {
    return sortBoxed(nextScores(), out);
  }
}
