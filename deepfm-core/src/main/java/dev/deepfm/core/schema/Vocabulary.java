package dev.deepfm.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A bijection between the ids of the data (as strings, exactly as written there) and dense
 * indices {@code 0..size-1}, in order of first registration.
 */
public final class Vocabulary {
  private final List<String> ids;
  private final Map<String, Integer> index;

  private Vocabulary(List<String> ids) {
    this.ids = Collections.unmodifiableList(ids);
    this.index = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      if (index.put(ids.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate id in vocabulary: " + ids.get(i));
      }
    }
  }

  /** A vocabulary over the given ids, numbered in list order; ids must be distinct. */
  public static Vocabulary of(List<String> ids) {
    return new Vocabulary(new ArrayList<>(ids));
  }

  /** Number of ids. */
  public int size() {
    return ids.size();
  }

  /** The id at index {@code i}. */
  public String id(int i) {
    return ids.get(i);
  }

  /** All ids, by index. */
  public List<String> ids() {
    return ids;
  }

  /** The index of an id, if known. */
  public OptionalInt indexOf(String id) {
    Integer i = index.get(id);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** A builder that numbers ids in order of first appearance. */
  public static Builder builder() {
    return new Builder();
  }

  /** Numbers ids in order of first appearance. */
  public static final class Builder {
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    /** The index of {@code id}, registering it if new. */
    public int add(String id) {
      Integer i = index.get(id);
      if (i != null) {
        return i;
      }
      int next = ids.size();
      ids.add(id);
      index.put(id, next);
      return next;
    }

    /** The finished vocabulary. */
    public Vocabulary build() {
      return new Vocabulary(ids);
    }
  }
}
