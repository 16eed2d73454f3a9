package dev.deepfm.core.data;

import dev.deepfm.core.util.StableSort;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A temporal leave-one-out split of positive interactions: for every user with at least
 * {@code minPositives} positives, ordered by time with a <em>stable</em> sort (ties keep the input
 * order, so the split never depends on a library's sort), the last positive is the test item, the
 * one before it the validation item and the rest are training positives. Users with fewer positives
 * keep their vocabulary row but take no part in training or evaluation.
 */
public final class Split {
  private final int users;
  private final int items;
  private final int[] trainUser;
  private final int[] trainItem;
  private final int[] valItem;
  private final int[] testItem;
  private final int[] evalUsers;
  private final IntCsr trainByUser;
  private final IntCsr positivesByUser;
  private final String fingerprint;

  private Split(int users, int items, int[] trainUser, int[] trainItem, int[] valItem,
      int[] testItem) {
    this.users = users;
    this.items = items;
    this.trainUser = trainUser;
    this.trainItem = trainItem;
    this.valItem = valItem;
    this.testItem = testItem;
    this.evalUsers = java.util.stream.IntStream.range(0, users).filter(u -> testItem[u] >= 0).toArray();
    this.trainByUser = IntCsr.of(users, trainUser, trainItem, trainUser.length);
    int n = trainUser.length + 2 * evalUsers.length;
    int[] pu = Arrays.copyOf(trainUser, n);
    int[] pi = Arrays.copyOf(trainItem, n);
    int w = trainUser.length;
    for (int u : evalUsers) {
      pu[w] = u;
      pi[w++] = valItem[u];
      pu[w] = u;
      pi[w++] = testItem[u];
    }
    this.positivesByUser = IntCsr.of(users, pu, pi, n);
    this.fingerprint = computeFingerprint();
  }

  /**
   * Splits positives {@code (user[i], item[i], time[i])}, given in data-file order.
   *
   * @param users number of users (user indices are {@code 0..users-1})
   * @param items number of items
   * @param minPositives users with fewer positives are left out (3 keeps one for training)
   */
  public static Split leaveOneOut(int users, int items, int[] user, int[] item, long[] time,
      int minPositives) {
    int n = user.length;
    if (item.length != n || time.length != n) {
      throw new IllegalArgumentException("user, item and time arrays differ in length");
    }
    if (minPositives < 3) {
      throw new IllegalArgumentException("minPositives must be >= 3 (train, validation, test)");
    }
    int[] start = new int[users + 1];
    for (int i = 0; i < n; i++) {
      if (user[i] < 0 || user[i] >= users || item[i] < 0 || item[i] >= items) {
        throw new IllegalArgumentException("interaction " + i + " out of range");
      }
      start[user[i] + 1]++;
    }
    for (int u = 0; u < users; u++) {
      start[u + 1] += start[u];
    }
    int[] order = new int[n];
    int[] fill = Arrays.copyOf(start, users);
    for (int i = 0; i < n; i++) {
      order[fill[user[i]]++] = i;
    }
    int[] valItem = new int[users];
    int[] testItem = new int[users];
    Arrays.fill(valItem, -1);
    Arrays.fill(testItem, -1);
    int trainCount = 0;
    for (int u = 0; u < users; u++) {
      int len = start[u + 1] - start[u];
      if (len >= minPositives) {
        trainCount += len - 2;
      }
    }
    int[] tu = new int[trainCount];
    int[] ti = new int[trainCount];
    int w = 0;
    for (int u = 0; u < users; u++) {
      int from = start[u];
      int to = start[u + 1];
      if (to - from < minPositives) {
        continue;
      }
      StableSort.byKey(order, from, to, time);
      for (int j = from; j < to - 2; j++) {
        tu[w] = u;
        ti[w++] = item[order[j]];
      }
      valItem[u] = item[order[to - 2]];
      testItem[u] = item[order[to - 1]];
    }
    return new Split(users, items, tu, ti, valItem, testItem);
  }

  /** Builds a split from its parts (model files, tests). */
  public static Split of(int users, int items, int[] trainUser, int[] trainItem, int[] valItem,
      int[] testItem) {
    return new Split(users, items, trainUser.clone(), trainItem.clone(), valItem.clone(), testItem.clone());
  }

  private String computeFingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(8);
      for (int i = 0; i < trainUser.length; i++) {
        md.update(buf.clear().putInt(trainUser[i]).putInt(trainItem[i]).array());
      }
      for (int u = 0; u < users; u++) {
        md.update(buf.clear().putInt(valItem[u]).putInt(testItem[u]).array());
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Number of users (vocabulary size, including users left out). */
  public int users() {
    return users;
  }

  /** Number of items. */
  public int items() {
    return items;
  }

  /** Number of training positives. */
  public int trainSize() {
    return trainUser.length;
  }

  /** User of training positive {@code i}; positives are grouped by user, in time order. */
  public int trainUser(int i) {
    return trainUser[i];
  }

  /** Item of training positive {@code i}. */
  public int trainItem(int i) {
    return trainItem[i];
  }

  /** Validation item of user {@code u}, or -1 if the user is not evaluated. */
  public int valItem(int u) {
    return valItem[u];
  }

  /** Test item of user {@code u}, or -1 if the user is not evaluated. */
  public int testItem(int u) {
    return testItem[u];
  }

  /** Users with a validation and a test item, ascending. */
  public int[] evalUsers() {
    return evalUsers.clone();
  }

  /** Each user's training items, sorted. */
  public IntCsr trainByUser() {
    return trainByUser;
  }

  /** Each user's positives of every part (training, validation, test), sorted. */
  public IntCsr positivesByUser() {
    return positivesByUser;
  }

  /** A short hash of the split (training pairs in order, then each user's validation and test). */
  public String fingerprint() {
    return fingerprint;
  }
}
