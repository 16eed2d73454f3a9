package dev.deepfm.cli;

import dev.deepfm.core.data.NegativeSampler.Exclusion;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.ModelType;
import dev.deepfm.core.train.AdamMode;
import dev.deepfm.core.train.TrainConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The model and training options, mapped onto {@link ModelConfig} and {@link TrainConfig} (which
 * hold the defaults and check the values).
 */
final class TrainOptions {
  private static final TrainConfig D = TrainConfig.defaults();

  @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice. Default: 2025.")
  Long seed;

  @Option(names = "--epochs", paramLabel = "N", description = "Most epochs. Default: 20.")
  Integer epochs;

  @Option(names = "--threads", paramLabel = "N", description = "Threads. Default: all processors.")
  Integer threads;

  @Option(names = "--batch-size", paramLabel = "N", description = "Examples per step. Default: 256.")
  Integer batchSize;

  @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate. Default: 0.001.")
  Double lr;

  @Option(names = "--weight-decay", paramLabel = "X", description = "L2 added to the gradient. Default: 1e-5.")
  Double weightDecay;

  @Option(names = "--patience", paramLabel = "N",
      description = "Stop after N epochs without a better validation NDCG@10 (0: never). Default: 5.")
  Integer patience;

  @Option(names = "--negatives", paramLabel = "N", description = "Negatives per positive per epoch. Default: 4.")
  Integer negatives;

  @Option(names = "--exclude", paramLabel = "all|train",
      description = "Never draw as negatives any of the user's positives, validation and test included (all, "
          + "default, as the reference), or only their training positives (train: no leak of held-out items).")
  String exclude;

  @Option(names = "--adam", paramLabel = "dense|lazy",
      description = "dense: every embedding row every step (PyTorch, default); lazy: only the rows a batch uses.")
  String adam;

  @Option(names = "--mask-validation",
      description = "At test time, also hide each user's validation item (the reference does not).")
  boolean maskValidation;

  @Option(names = "--id-mask-rate", paramLabel = "X",
      description = "Probability of hiding a user or movie id in training, which teaches the out-of-vocabulary rows "
          + "(needs --cold-start). Default: 0.1 with --cold-start, else 0.")
  Double idMaskRate;

  @Option(names = "--model", paramLabel = "TYPE", defaultValue = "deepfm",
      description = "deepfm, fm, deep or lr. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--embed-dim", paramLabel = "N", description = "Embedding dimension. Default: 16.")
  Integer embedDim;

  @Option(names = "--hidden", paramLabel = "N,N,...", split = ",", description = "MLP widths. Default: 128,64,32.")
  List<Integer> hidden;

  @Option(names = "--dropout", paramLabel = "X", description = "Dropout after each hidden layer. Default: 0.2.")
  Float dropout;

  @Option(names = "--engine", paramLabel = "fast|plain", defaultValue = "fast",
      description = "fast (factorized, SIMD, threads) or plain (the layer-by-layer reference, slow). Default: ${DEFAULT-VALUE}.")
  String engine;

  ModelConfig modelConfig() {
    ModelType type = ModelType.parse(model);
    if (!type.isDeepFmFamily()) {
      throw new Main.UsageException("--model " + model + " is not trained by this command (use deepfm, fm, deep or lr)");
    }
    ModelConfig m = ModelConfig.defaults(type);
    if (embedDim != null) {
      m = m.withEmbedDim(embedDim);
    }
    if (hidden != null) {
      m = m.withHidden(hidden.stream().mapToInt(Integer::intValue).toArray());
    }
    if (dropout != null) {
      m = m.withDropout(dropout);
    }
    return m.withFast(switch (engine.toLowerCase(Locale.ROOT)) {
      case "fast" -> true;
      case "plain" -> false;
      default -> throw new Main.UsageException("--engine must be 'fast' or 'plain', not '" + engine + "'");
    });
  }

  TrainConfig trainConfig() {
    return trainConfig(false);
  }

  /** The training configuration; {@code coldStart}: the data has out-of-vocabulary id rows (--cold-start). */
  TrainConfig trainConfig(boolean coldStart) {
    TrainConfig c = D;
    double maskRate = idMaskRate != null ? idMaskRate : coldStart ? 0.1 : 0;
    if (maskRate > 0 && !coldStart) {
      throw new Main.UsageException("--id-mask-rate needs --cold-start (ids can only be hidden behind an out-of-vocabulary row)");
    }
    c = c.withIdMaskRate(maskRate);
    if (seed != null) {
      c = c.withSeed(seed);
    }
    if (epochs != null) {
      c = c.withEpochs(epochs);
    }
    if (threads != null) {
      c = c.withThreads(threads);
    }
    if (batchSize != null) {
      c = c.withBatchSize(batchSize);
    }
    if (lr != null) {
      c = c.withLearningRate(lr);
    }
    if (weightDecay != null) {
      c = c.withWeightDecay(weightDecay);
    }
    if (patience != null) {
      c = c.withPatience(patience);
    }
    if (negatives != null) {
      c = c.withNegatives(negatives);
    }
    if (exclude != null) {
      c = c.withExclusion(switch (exclude.toLowerCase(Locale.ROOT)) {
        case "train" -> Exclusion.TRAIN_POSITIVES;
        case "all" -> Exclusion.ALL_POSITIVES;
        default -> throw new Main.UsageException("--exclude must be 'train' or 'all', not '" + exclude + "'");
      });
    }
    if (adam != null) {
      c = c.withAdamMode(Arrays.stream(AdamMode.values())
          .filter(m -> m.name().equalsIgnoreCase(adam)).findFirst()
          .orElseThrow(() -> new Main.UsageException("--adam must be 'dense' or 'lazy', not '" + adam + "'")));
    }
    return c.withMaskValidationAtTest(maskValidation);
  }
}
