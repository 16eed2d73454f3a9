package dev.deepfm.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfm.core.data.FeatureTable;
import dev.deepfm.core.data.IntCsr;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.data.Split;
import dev.deepfm.core.schema.Field;
import dev.deepfm.core.schema.Schema;
import dev.deepfm.datasets.movielens.MovieLens;
import dev.deepfm.datasets.movielens.MovieLensFiles;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import dev.deepfm.datasets.synthetic.SyntheticData.Options;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {
  private static RecData x2;

  @BeforeAll
  static void generate() {
    x2 = SyntheticData.generate(Options.movieLensScaled(2, 7));
  }

  /** Positives per item over all parts of the split. */
  private static long[] itemCounts(RecData d) {
    long[] c = new long[d.itemCount()];
    for (int v : d.split().positivesByUser().values()) {
      c[v]++;
    }
    return c;
  }

  private static double topShare(long[] counts, double fraction) {
    long[] s = counts.clone();
    Arrays.sort(s);
    long total = Arrays.stream(s).sum();
    long top = 0;
    for (int i = 0; i < Math.round(s.length * fraction); i++) {
      top += s[s.length - 1 - i];
    }
    return (double) top / total;
  }

  private static long positives(Split s) {
    return s.trainSize() + 2L * s.evalUsers().length;
  }

  @Test
  void scaledOptionsFollowMovieLensCounts() {
    Options o = Options.movieLensScaled(100, 1);
    assertThat(o.users()).isEqualTo(94_200);
    assertThat(o.items()).isEqualTo(144_700);
    assertThat(o.positives()).isEqualTo(5_537_500);
    assertThat(Options.movieLensScaled(0.5, 1)).isEqualTo(new Options(471, 724, 27_688,
        SyntheticData.ML_ITEM_ZIPF, SyntheticData.ML_USER_ZIPF, 1));
  }

  @Test
  void countsAreTheRequestedOnes() {
    assertThat(x2.userCount()).isEqualTo(1884);
    assertThat(x2.itemCount()).isEqualTo(2894);
    assertThat(positives(x2.split())).isEqualTo(110_750);
    assertThat(x2.split().evalUsers()).hasSize(1884);
    assertThat(x2.users().size()).isEqualTo(1884);
    assertThat(x2.items().size()).isEqualTo(2894);
    assertThat(x2.catalog().size()).isEqualTo(2894);
    assertThat(x2.name()).isEqualTo("synthetic-x2");
  }

  @Test
  void schemaIsMovieLensSchemaUpToVocabularies(@TempDir Path dir) throws Exception {
    RecData ml = MovieLens.load(MovieLensFixture.write(dir, 3, 6, 12, 5));
    assertThat(describe(x2.schema())).isEqualTo(describe(ml.schema())).hasSize(24);
    assertThat(x2.schema().field(0).vocabSize()).isEqualTo(1884);
    assertThat(x2.schema().field(4).vocabSize()).isEqualTo(2894);
    assertThat(x2.schema().field(1).vocabSize()).isEqualTo(MovieLens.AGE_LABELS.size());
    assertThat(x2.schema().field(3).vocabSize()).isEqualTo(21);
    assertThat(x2.fieldLabels().get("age")).isEqualTo(MovieLens.AGE_LABELS);
    assertThat(x2.fieldLabels().get("gender")).containsExactly("M", "F");
    assertThat(x2.fieldLabels().get("occupation")).hasSize(21).startsWith("technician", "other");
  }

  private static List<String> describe(Schema s) {
    return s.fields().stream().map(f -> f.name() + "/" + f.kind() + "/" + f.side()).toList();
  }

  @Test
  void itemsHaveOneToThreeGenresMatchingTheirTags() {
    Schema schema = x2.schema();
    FeatureTable items = x2.items();
    List<String> genres = MovieLensFiles.GENRES;
    for (int i = 0; i < x2.itemCount(); i++) {
      assertThat(items.rows()[items.bagStart(i, 0)]).isEqualTo(schema.offset(4) + i);
      List<String> on = new java.util.ArrayList<>();
      for (int g = 0; g < genres.size(); g++) {
        int f = items.field(1 + g);
        Field field = schema.field(f);
        assertThat(field.name()).isEqualTo("genre_" + genres.get(g));
        if (items.rows()[items.bagStart(i, 1 + g)] - schema.offset(f) == 1) {
          on.add(genres.get(g));
        }
      }
      assertThat(on).hasSizeBetween(1, 3).isEqualTo(x2.catalog().tags().get(i));
    }
    assertThat(x2.catalog().titles().get(122)).isEqualTo("item 123");
    assertThat(x2.itemIds().id(122)).isEqualTo("123");
  }

  @Test
  void everyUserHasAtLeastThreeDistinctPositives() {
    Split s = x2.split();
    IntCsr all = s.positivesByUser();
    // positivesByUser drops duplicates: equal sizes mean no (user, item) pair repeats
    assertThat((long) all.values().length).isEqualTo(positives(s));
    for (int u = 0; u < x2.userCount(); u++) {
      assertThat(all.length(u)).isGreaterThanOrEqualTo(3);
      assertThat(s.valItem(u)).isNotEqualTo(s.testItem(u));
      assertThat(Arrays.binarySearch(s.trainByUser().row(u), s.testItem(u))).isNegative();
      assertThat(Arrays.binarySearch(s.trainByUser().row(u), s.valItem(u))).isNegative();
    }
  }

  @Test
  void sameSeedSameDataOtherSeedOtherData() {
    Options o = Options.movieLensScaled(0.5, 11);
    RecData a = SyntheticData.generate(o);
    RecData b = SyntheticData.generate(o);
    RecData c = SyntheticData.generate(Options.movieLensScaled(0.5, 12));
    assertThat(b.split().fingerprint()).isEqualTo(a.split().fingerprint());
    assertThat(b.sourceFingerprint()).isEqualTo(a.sourceFingerprint());
    assertThat(b.users().rows()).isEqualTo(a.users().rows());
    assertThat(b.items().rows()).isEqualTo(a.items().rows());
    assertThat(c.split().fingerprint()).isNotEqualTo(a.split().fingerprint());
    assertThat(c.sourceFingerprint()).isNotEqualTo(a.sourceFingerprint());
    assertThat(c.items().rows()).isNotEqualTo(a.items().rows());
  }

  @Test
  void popularityAndActivityAreSkewedLikeMovieLens() {
    // MovieLens 100K (ratings >= 4): top 10% of items 47.6% of positives, top 10% of users 31.3%
    assertThat(topShare(itemCounts(x2), 0.1)).isBetween(0.42, 0.53);
    long[] perUser = new long[x2.userCount()];
    for (int u = 0; u < perUser.length; u++) {
      perUser[u] = x2.split().positivesByUser().length(u);
    }
    assertThat(topShare(perUser, 0.1)).isBetween(0.28, 0.35);
    long[] sorted = perUser.clone();
    Arrays.sort(sorted);
    assertThat(sorted[0]).isEqualTo(3);
    assertThat(sorted[sorted.length / 2]).isBetween(30L, 50L);
    assertThat(sorted[sorted.length - 1]).isBetween(150L, 450L);
  }

  @Test
  void zeroExponentsGiveEvenActivity() {
    RecData d = SyntheticData.generate(new Options(100, 300, 1234, 0, 0, 5));
    IntCsr all = d.split().positivesByUser();
    for (int u = 0; u < 100; u++) {
      assertThat(all.length(u)).isBetween(12, 13);
    }
    assertThat(d.name()).isEqualTo("synthetic-100u-300i-1234p");
  }

  @Test
  void denseSkewedUsersMatchSuccessiveSamplingProbabilities() {
    // 6 items, every user takes 3 (the most allowed): with this skew most users fall back from
    // rejection to the Fenwick tree. Both must give successive sampling without replacement.
    int users = 4000;
    double s = 2.5;
    RecData d = SyntheticData.generate(new Options(users, 6, 3L * users, s, 0, 9));
    IntCsr all = d.split().positivesByUser();
    assertThat((long) all.values().length).isEqualTo(3L * users);
    double[] w = new double[6];
    for (int r = 0; r < 6; r++) {
      w[r] = SyntheticData.curve((r + 0.5) / 6, s, SyntheticData.ITEM_POPULARITY_OFFSET);
    }
    double[] inclusion = new double[6];
    double total = Arrays.stream(w).sum();
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        for (int c = 0; c < 6; c++) {
          if (a != b && b != c && a != c) {
            double p = w[a] / total * w[b] / (total - w[a]) * w[c] / (total - w[a] - w[b]);
            inclusion[a] += p;
            inclusion[b] += p;
            inclusion[c] += p;
          }
        }
      }
    }
    long[] counts = itemCounts(d);
    Arrays.sort(counts);
    Arrays.sort(inclusion);
    for (int r = 0; r < 6; r++) {
      double expected = users * inclusion[r];
      double sd = Math.sqrt(users * inclusion[r] * (1 - inclusion[r]));
      assertThat((double) counts[r]).isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * sd + 1));
    }
  }

  @Test
  void tenTimesMovieLensIsFast() {
    long t0 = System.nanoTime();
    RecData d = SyntheticData.generate(Options.movieLensScaled(10, 3));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(positives(d.split())).isEqualTo(553_750);
    assertThat(d.name()).isEqualTo("synthetic-x10");
    assertThat(seconds).isLessThan(10);
  }

  @Test
  void invalidOptionsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> new Options(0, 10, 30, 1, 1, 1)).hasMessageContaining("users must be > 0");
    assertThatThrownBy(() -> new Options(10, 0, 30, 1, 1, 1)).hasMessageContaining("items must be > 0");
    assertThatThrownBy(() -> new Options(10, 10, 29, 1, 1, 1)).hasMessageContaining("at least 3 per user");
    assertThatThrownBy(() -> new Options(10, 10, 51, 1, 1, 1)).hasMessageContaining("at most users * items / 2 (50");
    assertThatThrownBy(() -> new Options(10, 10, 30, 3, 1, 1)).hasMessageContaining("itemZipf must be in [0, 3)");
    assertThatThrownBy(() -> new Options(10, 10, 30, 1, Double.NaN, 1)).hasMessageContaining("userZipf");
    assertThatThrownBy(() -> new Options(10, 10, 30, -0.1, 1, 1)).hasMessageContaining("itemZipf");
    assertThatThrownBy(() -> Options.movieLensScaled(0, 1)).hasMessageContaining("scale factor");
    assertThatThrownBy(() -> Options.movieLensScaled(0.001, 1)).isInstanceOf(IllegalArgumentException.class);
    RecData edge = SyntheticData.generate(new Options(10, 6, 30, 2.9, 2.9, 1));
    assertThat(positives(edge.split())).isEqualTo(30);
  }
}
