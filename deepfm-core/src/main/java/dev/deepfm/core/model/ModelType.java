package dev.deepfm.core.model;

/** The models the toolkit trains, all on the same data, protocol and evaluation. */
public enum ModelType {
  /** DeepFM (Guo et al. 2017): bias + first order + FM second order + MLP, one shared embedding table. */
  DEEPFM(true, true, true),
  /** A factorization machine: bias + first order + second order, no deep part. */
  FM(true, true, false),
  /** The deep part alone: an MLP on the field embeddings. */
  DEEP(false, false, true),
  /** Logistic regression: bias + first order. */
  LR(true, false, false),
  /** NeuMF (He et al. 2017): GMF and MLP towers over user and item ids, fused linearly. */
  NEUMF(false, false, false),
  /** Ranks items by training popularity; nothing is learnt by gradient. */
  POPULARITY(false, false, false);

  private final boolean firstOrder;
  private final boolean fm;
  private final boolean deep;

  ModelType(boolean firstOrder, boolean fm, boolean deep) {
    this.firstOrder = firstOrder;
    this.fm = fm;
    this.deep = deep;
  }

  /** Has a first-order (linear) term. */
  public boolean firstOrder() {
    return firstOrder;
  }

  /** Has an FM second-order term. */
  public boolean fm() {
    return fm;
  }

  /** Has an MLP over the field embeddings. */
  public boolean deep() {
    return deep;
  }

  /** True for the DeepFM family (DeepFM, FM, deep part, LR), which share one network. */
  public boolean isDeepFmFamily() {
    return this == DEEPFM || this == FM || this == DEEP || this == LR;
  }

  /** Lower-case name as used on the command line. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a command-line name. */
  public static ModelType parse(String s) {
    for (ModelType t : values()) {
      if (t.id().equals(s.toLowerCase(java.util.Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown model '" + s + "' (expected one of "
        + java.util.Arrays.stream(values()).map(ModelType::id).toList() + ")");
  }
}
