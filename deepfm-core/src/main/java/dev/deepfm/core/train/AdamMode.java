package dev.deepfm.core.train;

/** Which embedding rows Adam updates at each step. */
public enum AdamMode {
  /**
   * Every row at every step, as PyTorch does with dense embedding gradients: rows absent from the
   * batch still move by their momentum and weight decay. Cost grows with the vocabulary.
   */
  DENSE,
  /**
   * Only the rows the batch uses (their moments too); dense layers as usual. Per-step cost is
   * independent of the vocabulary size, which is what scales to millions of ids.
   */
  LAZY
}
