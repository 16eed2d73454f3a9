package dev.deepfm.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names the slices of a model's one flat parameter array (and of its gradient and optimiser state
 * arrays, which share the layout). A slice is a {@code rows x cols} row-major matrix; a slice with
 * {@code sparseRows} is an embedding-like table whose rows a batch touches only in part, which lazy
 * optimisers exploit.
 */
public final class ParamLayout {
  /**
   * One named tensor.
   *
   * @param name its name, as in PyTorch where there is an equivalent ("mlp.0.weight")
   * @param offset first index in the flat array
   * @param rows number of rows
   * @param cols number of columns
   * @param sparseRows whether batches touch only some rows
   */
  public record Slice(String name, int offset, int rows, int cols, boolean sparseRows) {
    /** Number of values. */
    public int size() {
      return rows * cols;
    }

    /** Index of element (r, c). */
    public int at(int r, int c) {
      return offset + r * cols + c;
    }
  }

  private final List<Slice> slices;
  private final int size;

  private ParamLayout(List<Slice> slices, int size) {
    this.slices = Collections.unmodifiableList(slices);
    this.size = size;
  }

  /** All slices, in layout order. */
  public List<Slice> slices() {
    return slices;
  }

  /** Total number of parameters. */
  public int size() {
    return size;
  }

  /** The slice with this name. */
  public Slice slice(String name) {
    for (Slice s : slices) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no parameter slice named " + name);
  }

  /** Whether a slice of this name exists. */
  public boolean has(String name) {
    return slices.stream().anyMatch(s -> s.name().equals(name));
  }

  /** A new layout builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Appends slices one after another. */
  public static final class Builder {
    private final List<Slice> slices = new ArrayList<>();
    private long size;

    /** Appends a dense slice and returns it. */
    public Slice dense(String name, int rows, int cols) {
      return add(name, rows, cols, false);
    }

    /** Appends a sparse-row slice and returns it. */
    public Slice sparse(String name, int rows, int cols) {
      return add(name, rows, cols, true);
    }

    private Slice add(String name, int rows, int cols, boolean sparse) {
      if (rows < 1 || cols < 1) {
        throw new IllegalArgumentException("slice " + name + " must be non-empty");
      }
      if (slices.stream().anyMatch(s -> s.name().equals(name))) {
        throw new IllegalArgumentException("duplicate slice " + name);
      }
      Slice s = new Slice(name, (int) size, rows, cols, sparse);
      size += (long) rows * cols;
      if (size > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("model too large for one float array: " + size);
      }
      slices.add(s);
      return s;
    }

    /** The finished layout. */
    public ParamLayout build() {
      return new ParamLayout(new ArrayList<>(slices), (int) size);
    }
  }
}
