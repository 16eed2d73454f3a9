package dev.deepfm.core.io;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.train.EpochRecord;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainResult;
import dev.deepfm.core.train.Timings;
import dev.deepfm.core.util.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The record of a training run as plain maps and text, ready for JSON and CSV: what was run
 * (configuration, data and split fingerprints, versions), how it went (history, timings) and what
 * it scored. The CLI's {@code metrics.json} and {@code history.csv} and the model file's
 * provenance are all made here, so a Java caller gets the same record.
 */
public final class RunRecord {
  private RunRecord() {}

  /** The model configuration as a map. */
  public static Map<String, Object> model(ModelConfig m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", m.type().id());
    out.put("embed_dim", m.embedDim());
    out.put("hidden", m.hidden());
    out.put("dropout", m.dropout());
    out.put("engine", m.fast() ? "fast" : "plain");
    return out;
  }

  /** The training configuration as a map. */
  public static Map<String, Object> train(TrainConfig c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seed", c.seed());
    out.put("epochs", c.epochs());
    out.put("batch_size", c.batchSize());
    out.put("learning_rate", c.learningRate());
    out.put("weight_decay", c.weightDecay());
    out.put("patience", c.patience());
    out.put("negatives", c.negatives());
    out.put("negative_exclusion", c.exclusion().name().toLowerCase(Locale.ROOT));
    out.put("adam", c.adamMode().name().toLowerCase(Locale.ROOT));
    out.put("threads", c.threads());
    out.put("ks", c.ks());
    out.put("mask_validation_at_test", c.maskValidationAtTest());
    out.put("id_mask_rate", c.idMaskRate());
    return out;
  }

  /** The dataset's size and fingerprints. */
  public static Map<String, Object> data(RecData d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", d.name());
    out.put("users", d.userCount());
    out.put("items", d.itemCount());
    out.put("train", d.split().trainSize());
    out.put("eval_users", d.split().evalUsers().length);
    out.put("fields", d.schema().size());
    out.put("fingerprint", d.split().fingerprint());
    out.put("source_fingerprint", d.sourceFingerprint());
    return out;
  }

  /** One epoch as a map. */
  public static Map<String, Object> epoch(EpochRecord e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("epoch", e.epoch());
    out.put("loss", e.loss());
    Map<String, Object> val = new LinkedHashMap<>();
    val.put("ndcg@10", e.valNdcg());
    val.put("hit_rate@10", e.valHitRate());
    out.put("val", val);
    out.put("train_s", e.trainSeconds());
    out.put("eval_s", e.evalSeconds());
    out.put("sample_s", e.sampleSeconds());
    out.put("samples_per_s", e.examplesPerSecond());
    return out;
  }

  /** The timings as a map. */
  public static Map<String, Object> timings(Timings t, List<EpochRecord> history) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total_s", t.totalSeconds());
    out.put("setup_s", t.setupSeconds());
    out.put("sample_s", t.sampleSeconds());
    out.put("train_s", t.trainSeconds());
    out.put("validation_s", t.validationSeconds());
    out.put("test_s", t.testSeconds());
    long examples = history.stream().mapToLong(EpochRecord::examples).sum();
    out.put("train_samples_per_s", t.trainSeconds() > 0 ? examples / t.trainSeconds() : 0);
    return out;
  }

  /**
   * The whole record: {@code test, best_epoch, epochs_run, history, config, data, timings,
   * environment}.
   */
  public static Map<String, Object> of(TrainResult r, RecData d, ModelConfig m, TrainConfig c,
      Map<String, Object> dataOptions) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("test", r.test().toMap());
    out.put("best_epoch", r.bestEpoch());
    out.put("epochs_run", r.epochsRun());
    out.put("best_val_ndcg@10", r.bestValidationNdcg());
    List<Map<String, Object>> history = new ArrayList<>();
    r.history().forEach(e -> history.add(epoch(e)));
    out.put("history", history);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model", model(m));
    config.put("train", train(c));
    config.put("data", dataOptions);
    out.put("config", config);
    out.put("data", data(d));
    out.put("timings", timings(r.timings(), r.history()));
    Map<String, Object> env = new LinkedHashMap<>(Version.environment());
    env.put("kernels", r.kernels());
    out.put("environment", env);
    return out;
  }

  /** The provenance a model file keeps: the record without the per-epoch history. */
  public static Map<String, Object> provenance(Map<String, Object> record) {
    Map<String, Object> out = new LinkedHashMap<>(record);
    out.remove("history");
    return out;
  }

  /** The history as CSV: {@code epoch,loss,val_ndcg@10,val_hit_rate@10,train_s,eval_s,sample_s}. */
  public static String historyCsv(List<EpochRecord> history) {
    StringBuilder sb = new StringBuilder("epoch,loss,val_ndcg@10,val_hit_rate@10,train_s,eval_s,sample_s\n");
    for (EpochRecord e : history) {
      sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.4f,%.4f,%.4f%n", e.epoch(), e.loss(),
          e.valNdcg(), e.valHitRate(), e.trainSeconds(), e.evalSeconds(), e.sampleSeconds()));
    }
    return sb.toString();
  }
}
