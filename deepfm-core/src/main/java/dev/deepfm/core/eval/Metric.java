package dev.deepfm.core.eval;

/** The ranking metrics, each averaged over evaluated users. */
public enum Metric {
  /** Share of the user's relevant items found in the top K. */
  RECALL("recall"),
  /** 1 if any relevant item is in the top K, else 0. */
  HIT_RATE("hit_rate"),
  /** DCG of the top K over the ideal DCG of min(|relevant|, K) hits. */
  NDCG("ndcg"),
  /** Sum of precision at each hit in the top K, over min(|relevant|, K). */
  MAP("map"),
  /** 1 / rank of the first relevant item in the top K, else 0. */
  MRR("mrr");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  /** Name in JSON and CSV outputs. */
  public String key() {
    return key;
  }
}
