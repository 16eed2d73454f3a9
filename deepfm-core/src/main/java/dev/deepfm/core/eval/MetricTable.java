package dev.deepfm.core.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Metric values at several cut-offs K, averaged over {@link #users()} users. Immutable. */
public final class MetricTable {
  private final int[] ks;
  private final double[][] values;
  private final int users;

  /** A table over sorted cut-offs {@code ks}; {@code values[i][m]} is metric m at {@code ks[i]}. */
  public MetricTable(int[] ks, double[][] values, int users) {
    this.ks = ks.clone();
    this.values = new double[ks.length][];
    for (int i = 0; i < ks.length; i++) {
      this.values[i] = values[i].clone();
    }
    this.users = users;
  }

  /** The cut-offs. */
  public int[] ks() {
    return ks.clone();
  }

  /** Number of users averaged over. */
  public int users() {
    return users;
  }

  /** The value of {@code metric} at cut-off {@code k}. */
  public double get(int k, Metric metric) {
    for (int i = 0; i < ks.length; i++) {
      if (ks[i] == k) {
        return values[i][metric.ordinal()];
      }
    }
    throw new IllegalArgumentException("no K = " + k + " in " + Arrays.toString(ks));
  }

  /** {@code {"5": {"recall": .., ...}, "10": {...}}}, for JSON. */
  public Map<String, Map<String, Double>> toMap() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (int i = 0; i < ks.length; i++) {
      Map<String, Double> row = new LinkedHashMap<>();
      for (Metric m : Metric.values()) {
        row.put(m.key(), values[i][m.ordinal()]);
      }
      out.put(Integer.toString(ks[i]), row);
    }
    return out;
  }

  /** The table as text: one row per K, one column per metric. */
  public String format() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s", "K"));
    for (Metric m : Metric.values()) {
      sb.append(String.format(Locale.ROOT, " %9s", m.key()));
    }
    sb.append('\n');
    for (int i = 0; i < ks.length; i++) {
      sb.append(String.format(Locale.ROOT, "%4d", ks[i]));
      for (Metric m : Metric.values()) {
        sb.append(String.format(Locale.ROOT, " %9.4f", values[i][m.ordinal()]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricTable t && Arrays.equals(t.ks, ks) && Arrays.deepEquals(t.values, values)
        && t.users == users;
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values) * 31 + Arrays.hashCode(ks);
  }

  @Override
  public String toString() {
    return format();
  }
}
