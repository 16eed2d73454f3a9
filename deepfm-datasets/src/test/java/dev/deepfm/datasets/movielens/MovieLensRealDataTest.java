package dev.deepfm.datasets.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.RecData;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real MovieLens 100K under {@code ${deepfm.shared}/data/ml-100k} (never copied into the
 * project). Fails where that folder is absent.
 */
class MovieLensRealDataTest {
  private static Path dir;
  private static RecData data;

  @BeforeAll
  static void load() {
    dir = dev.deepfm.core.testing.SharedData.ml100k();
    data = MovieLens.load(dir);
  }

  @Test
  void filesHaveTheOfficialCounts() {
    MovieLensFiles files = MovieLensReader.read(dir);
    assertThat(files.ratings()).hasSize(100_000);
    assertThat(files.users()).hasSize(943);
    assertThat(files.movies()).hasSize(1682);
  }

  @Test
  void mappingHasTheReferenceCounts() {
    assertThat(data.userCount()).isEqualTo(942);
    assertThat(data.itemCount()).isEqualTo(1447);
    assertThat(data.split().trainSize()).isEqualTo(53_491);
    assertThat(data.split().evalUsers()).hasSize(942);
  }

  @Test
  void multiValuedGenresGiveSixFields() {
    RecData multi = MovieLens.load(dir, MovieLens.Options.defaults().withGenres(MovieLens.Genres.MULTI));
    assertThat(multi.schema().size()).isEqualTo(6);
    assertThat(multi.split().fingerprint()).isEqualTo(data.split().fingerprint());
  }

  @Test
  void splitIsStable() {
    RecData again = MovieLens.load(dir);
    assertThat(again.split().fingerprint()).isEqualTo(data.split().fingerprint());
    assertThat(again.sourceFingerprint()).isEqualTo(data.sourceFingerprint());
  }
}
