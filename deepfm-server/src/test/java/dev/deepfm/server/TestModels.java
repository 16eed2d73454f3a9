package dev.deepfm.server;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainResult;
import dev.deepfm.core.train.Trainer;
import dev.deepfm.core.train.TrainingListener;
import dev.deepfm.datasets.movielens.MovieLens;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Small models trained on generated MovieLens-format data, for the server tests. */
final class TestModels {
  private TestModels() {}

  /** Writes fixture data into {@code dir}. */
  static Path data(Path dir) throws IOException {
    return MovieLensFixture.write(dir, 42, 60, 90, 12);
  }

  /** Trains a small DeepFM for 2 epochs and writes it to {@code file}. */
  static ModelBundle train(Path data, long seed, boolean coldStart, Path file) throws IOException {
    RecData d = MovieLens.load(data, MovieLens.Options.defaults().withColdStart(coldStart));
    TrainConfig config = TrainConfig.defaults().withSeed(seed).withEpochs(2).withThreads(1)
        .withIdMaskRate(coldStart ? 0.1 : 0);
    TrainResult r = new Trainer(ModelConfig.deepFm().withHidden(32, 16), config).fit(d, TrainingListener.NONE);
    ModelBundle bundle = ModelBundle.of(r.model(), d, Map.of("seed", seed, "data", Map.of("fingerprint",
        d.split().fingerprint()), "test", r.test().toMap()));
    ModelFile.write(bundle, file);
    return bundle;
  }
}
