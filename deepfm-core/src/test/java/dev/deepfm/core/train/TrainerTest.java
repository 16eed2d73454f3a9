package dev.deepfm.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.eval.Metric;
import dev.deepfm.core.eval.MetricTable;
import dev.deepfm.core.eval.RankingEvaluator;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.testing.TinyData;
import dev.deepfm.core.util.WorkerPool;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training loop: reproducibility, early stopping, the kept weights. */
class TrainerTest {
  private static final RecData DATA = TinyData.create(17, 60, 80, 15, TinyData.Fields.MIXED);
  private static final ModelConfig MODEL = ModelConfig.deepFm().withEmbedDim(8).withHidden(32, 16);
  private static final TrainConfig CONFIG = TrainConfig.defaults().withEpochs(6).withBatchSize(64).withThreads(2);

  private static TrainResult fit(TrainConfig c) {
    return new Trainer(MODEL, c).fit(DATA, TrainingListener.NONE);
  }

  @Test
  void sameSeedSameThreadsSameModelBitForBit() {
    TrainResult a = fit(CONFIG.withSeed(5));
    TrainResult b = fit(CONFIG.withSeed(5));
    assertThat(b.model().params()).containsExactly(a.model().params());
    assertThat(b.test()).isEqualTo(a.test());
    assertThat(b.history().stream().map(EpochRecord::loss).toList())
        .isEqualTo(a.history().stream().map(EpochRecord::loss).toList());
  }

  @Test
  void threadCountDoesNotChangeTheModel() {
    TrainResult one = fit(CONFIG.withSeed(6).withThreads(1));
    TrainResult three = fit(CONFIG.withSeed(6).withThreads(3));
    assertThat(three.model().params()).containsExactly(one.model().params());
    assertThat(three.test()).isEqualTo(one.test());
  }

  @Test
  void anotherSeedAnotherModel() {
    assertThat(fit(CONFIG.withSeed(1)).model().params()).isNotEqualTo(fit(CONFIG.withSeed(2)).model().params());
  }

  @Test
  void keepsARealCopyOfTheBestEpoch() {
    TrainResult r = fit(CONFIG.withSeed(3).withEpochs(8).withPatience(0));
    assertThat(r.epochsRun()).isEqualTo(8);
    double best = r.history().stream().mapToDouble(EpochRecord::valNdcg).max().orElseThrow();
    assertThat(r.bestValidationNdcg()).isEqualTo(best);
    try (WorkerPool pool = new WorkerPool(1)) {
      MetricTable val = new RankingEvaluator(DATA, pool).evaluate(r.model().scorer(DATA.items()),
          RankingEvaluator.Target.VALIDATION, new int[] {10}, false);
      // the kept model scores exactly what its epoch scored on validation
      assertThat(val.get(10, Metric.NDCG)).isCloseTo(best, within(1e-12));
    }
  }

  @Test
  void earlyStoppingAfterPatienceEpochsWithoutImprovement() {
    TrainResult r = fit(CONFIG.withSeed(4).withEpochs(40).withPatience(2).withLearningRate(0.05));
    List<EpochRecord> h = r.history();
    if (h.size() < 40) {
      // stopped: the last `patience` epochs did not beat the best before them
      int last = h.size();
      assertThat(r.bestEpoch()).isEqualTo(last - 2);
      assertThat(h.get(last - 1).valNdcg()).isLessThanOrEqualTo(r.bestValidationNdcg());
      assertThat(h.get(last - 2).valNdcg()).isLessThanOrEqualTo(r.bestValidationNdcg());
    }
    assertThat(h.size()).isLessThan(40);
  }

  @Test
  void learnsSomething() {
    TrainResult r = fit(CONFIG.withSeed(9).withEpochs(10).withPatience(0));
    assertThat(r.history().get(9).loss()).isLessThan(r.history().get(0).loss());
  }
}
