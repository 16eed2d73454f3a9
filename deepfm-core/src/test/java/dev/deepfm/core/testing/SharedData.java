package dev.deepfm.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real MovieLens 100K copy the tests read, at {@code ../shared/data/ml-100k} beside the
 * project (surefire passes {@code deepfm.shared}). Its absence fails the test: a check that cannot
 * run is not reported as passing.
 */
public final class SharedData {
  private SharedData() {}

  /** The ml-100k folder; fails the calling test if it is missing. */
  public static Path ml100k() {
    String shared = System.getProperty("deepfm.shared", "../shared");
    Path dir = Path.of(shared, "data", "ml-100k").toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("u.data"))) {
      throw new AssertionError("MovieLens 100K not found at " + dir
          + ": the tests need ../shared/data/ml-100k beside the project");
    }
    return dir;
  }
}
