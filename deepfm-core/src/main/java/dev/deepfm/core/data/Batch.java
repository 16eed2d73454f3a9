package dev.deepfm.core.data;

/**
 * A mini-batch compiled for the models: a reusable workspace, filled by {@link BatchBuilder} and
 * read by the networks. Arrays are sized once for the largest batch; nothing here allocates.
 *
 * <p>Inputs are (row, weight) <em>pairs</em>: pair {@code p} says that example
 * {@code pairExample[p]}'s field {@code pairField[p]} contains global embedding row
 * {@code pairRow[p]} with weight {@code pairWeight[p]}. Pairs are stored example-major, field by
 * field, so the pairs of example {@code b}, field {@code f} are
 * {@code [bagPtr[b * fields + f], bagPtr[b * fields + f + 1])}.
 *
 * <p>Pairs are also <em>grouped by row</em>: group {@code g} is one distinct row
 * ({@code groupRow[g]}, of field {@code groupField[g]}); groups are numbered field by field, in
 * order of first appearance, so the groups of field {@code f} are
 * {@code [fieldGroupStart[f], fieldGroupStart[f + 1])}; the pairs of group {@code g} are
 * {@code groupPairs[groupPairPtr[g] .. groupPairPtr[g + 1])} in increasing pair (so example) order.
 * Work done once per distinct row (the factorized first layer, sparse gradients) iterates groups.
 *
 * <p>Fields are public for the hot loops that read them; only the builder writes them.
 */
public final class Batch {
  /** Largest number of examples. */
  public final int capacity;
  /** Number of fields per example. */
  public final int fields;
  /** Number of examples now held. */
  public int size;
  /** Label of each example (1 positive, 0 negative). */
  public final float[] label;
  /** User index of each example. */
  public final int[] user;
  /** Item index of each example. */
  public final int[] item;
  /** Pair ranges per (example, field); {@code capacity * fields + 1} entries. */
  public final int[] bagPtr;
  /** Number of pairs now held. */
  public int pairs;
  /**
   * True if every example holds exactly one pair of weight 1 per field, so that example b's pairs
   * are {@code [b * fields, (b + 1) * fields)} (set by the builder for all-categorical tables;
   * false says nothing).
   */
  public boolean oneHot;
  /** Global embedding row of each pair. */
  public final int[] pairRow;
  /** Weight of each pair. */
  public final float[] pairWeight;
  /** Example of each pair. */
  public final int[] pairExample;
  /** Field of each pair. */
  public final int[] pairField;
  /** Group of each pair. */
  public final int[] pairGroup;
  /** Number of groups (distinct rows). */
  public int groups;
  /** Row of each group. */
  public final int[] groupRow;
  /** Field of each group. */
  public final int[] groupField;
  /** First group of each field; {@code fields + 1} entries. */
  public final int[] fieldGroupStart;
  /** Pair ranges per group in {@link #groupPairs}; {@code groups + 1} entries used. */
  public final int[] groupPairPtr;
  /** Pair indices, grouped by group, ascending within a group. */
  public final int[] groupPairs;
  /** The example of each entry of {@link #groupPairs}. */
  public final int[] groupPairExample;
  /** The weight of each entry of {@link #groupPairs}. */
  public final float[] groupPairWeight;

  /** A workspace for up to {@code capacity} examples of {@code fields} fields and {@code maxPairs} pairs. */
  public Batch(int capacity, int fields, int maxPairs) {
    this.capacity = capacity;
    this.fields = fields;
    this.label = new float[capacity];
    this.user = new int[capacity];
    this.item = new int[capacity];
    this.bagPtr = new int[capacity * fields + 1];
    this.pairRow = new int[maxPairs];
    this.pairWeight = new float[maxPairs];
    this.pairExample = new int[maxPairs];
    this.pairField = new int[maxPairs];
    this.pairGroup = new int[maxPairs];
    this.groupRow = new int[maxPairs];
    this.groupField = new int[maxPairs];
    this.fieldGroupStart = new int[fields + 1];
    this.groupPairPtr = new int[maxPairs + 1];
    this.groupPairs = new int[maxPairs];
    this.groupPairExample = new int[maxPairs];
    this.groupPairWeight = new float[maxPairs];
  }

  /** First pair of example {@code b}, field {@code f}. */
  public int bagStart(int b, int f) {
    return bagPtr[b * fields + f];
  }

  /** End (exclusive) of the pairs of example {@code b}, field {@code f}. */
  public int bagEnd(int b, int f) {
    return bagPtr[b * fields + f + 1];
  }
}
