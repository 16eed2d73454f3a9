package dev.deepfm.core.data;

import dev.deepfm.core.util.Rng;

/**
 * Hides categorical ids at random during training: each example's value of each listed field is
 * replaced, with probability {@code rate}, by that field's out-of-vocabulary row. The model thereby
 * learns what to do with an id it has never seen (a new user or a new item), while the other
 * fields (demographics, genres) carry the signal.
 *
 * @param fields schema indices of the masked fields (each categorical)
 * @param oovRows global row of each field's out-of-vocabulary value
 * @param rate probability of hiding, in [0, 1)
 */
public record IdMasking(int[] fields, int[] oovRows, double rate) {

  /** Checks the arguments. */
  public IdMasking {
    fields = fields.clone();
    oovRows = oovRows.clone();
    if (fields.length != oovRows.length) {
      throw new IllegalArgumentException("one out-of-vocabulary row per field");
    }
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("id masking rate must be in [0, 1), got " + rate);
    }
  }

  /** Applies the masking to a filled batch (before grouping). */
  void apply(Batch batch, long seed) {
    apply(batch, seed, 0, batch.size);
  }

  /** Applies the masking to examples [from, to) of a filled batch; each example's draw is its own. */
  void apply(Batch batch, long seed, int from, int to) {
    long threshold = (long) (rate * (1L << 32));
    for (int b = from; b < to; b++) {
      long bits = Rng.mix64(seed + 0x9E3779B97F4A7C15L * (b + 1));
      for (int i = 0; i < fields.length; i++) {
        long draw = Rng.mix64(bits + i) >>> 32;
        if (draw < threshold) {
          int f = fields[i];
          for (int q = batch.bagStart(b, f), end = batch.bagEnd(b, f); q < end; q++) {
            batch.pairRow[q] = oovRows[i];
          }
        }
      }
    }
  }
}
