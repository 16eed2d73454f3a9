package dev.deepfm.server;

import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.io.ModelFileException;
import dev.deepfm.core.serve.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The model being served, swapped atomically on reload. A request takes {@link #current()} once
 * and uses that snapshot to the end, so a reload never changes the model under a request in flight.
 * {@link #reload()} reads and verifies the new file completely before the swap; if that fails, the
 * old model stays and the reason is kept ({@link #lastError()}).
 *
 * <p>Optionally, {@link #watch} polls the file (modification time, size and file identity) and
 * reloads when it changes; {@link ModelFile#write} replaces files by an atomic rename, so a poll
 * never sees half a file.
 */
public final class ModelHolder implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelHolder.class.getName());

  /**
   * One loaded model file.
   *
   * @param recommender the model, ready to serve
   * @param path where it was read from
   * @param sha256 SHA-256 of the file's bytes (hex)
   * @param formatVersion the file's format version
   * @param fileSize bytes
   * @param stamp what identified the file's state when it was read (for {@link #watch})
   * @param loadedAt when it was loaded
   * @param generation 1 for the first model, +1 for each model swapped in
   */
  public record Loaded(Recommender recommender, Path path, String sha256, int formatVersion, long fileSize,
      String stamp, Instant loadedAt, long generation) {}

  /**
   * The outcome of a reload.
   *
   * @param ok whether the file was read (if not, the previous model is still served)
   * @param changed whether a different model was swapped in (false when the file's bytes are the same)
   * @param current the model now served
   * @param previous the model served before
   * @param seconds time taken
   * @param error why the reload failed (null when ok)
   */
  public record ReloadResult(boolean ok, boolean changed, Loaded current, Loaded previous, double seconds,
      String error) {}

  /**
   * A failed reload.
   *
   * @param at when
   * @param message why
   */
  public record Failure(Instant at, String message) {}

  private final Path path;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final AtomicReference<Failure> lastError = new AtomicReference<>();
  private final List<Consumer<ReloadResult>> listeners = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService watcher;
  private String lastSeenStamp;

  private final int cacheEntries;

  private ModelHolder(Path path, Loaded first, int cacheEntries) {
    this.cacheEntries = cacheEntries;
    this.path = path;
    this.current.set(first);
    this.lastSeenStamp = first.stamp();
  }

  /** Loads the model file at {@code path}; a missing or unusable file is a {@link ModelFileException}. */
  public static ModelHolder load(Path path) {
    return load(path, Recommender.DEFAULT_CACHE_ENTRIES);
  }

  /** Loads the model file at {@code path}, caching at most {@code cacheEntries} answers per model. */
  public static ModelHolder load(Path path, int cacheEntries) {
    return new ModelHolder(path, read(path, 1, null, cacheEntries), cacheEntries);
  }

  /** The model file's path. */
  public Path path() {
    return path;
  }

  /** The model now served. */
  public Loaded current() {
    return current.get();
  }

  /** The last failed reload, if any since the last successful one. */
  public Failure lastError() {
    return lastError.get();
  }

  /** Calls {@code listener} after every reload (on the reloading thread). */
  public void onReload(Consumer<ReloadResult> listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /**
   * Reads the file again and, if it holds a different model, swaps it in. Never throws for a bad
   * file: the result says what happened. Reloads are serialised.
   */
  public synchronized ReloadResult reload() {
    long t0 = System.nanoTime();
    Loaded old = current.get();
    ReloadResult result;
    try {
      // taken before reading: a change during the read shows up at the next poll
      String stamp = stamp(path);
      Loaded next = read(path, old.generation() + 1, old, cacheEntries);
      lastSeenStamp = stamp;
      lastError.set(null);
      if (next == old) {
        result = new ReloadResult(true, false, old, old, (System.nanoTime() - t0) / 1e9, null);
      } else {
        current.set(next);
        result = new ReloadResult(true, true, next, old, (System.nanoTime() - t0) / 1e9, null);
      }
    } catch (ModelFileException | IllegalArgumentException | IllegalStateException | OutOfMemoryError e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      lastError.set(new Failure(Instant.now(), message));
      result = new ReloadResult(false, false, old, old, (System.nanoTime() - t0) / 1e9, message);
    }
    for (Consumer<ReloadResult> l : listeners) {
      try {
        l.accept(result);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "reload listener failed", e);
      }
    }
    return result;
  }

  /**
   * Polls the file every {@code interval} on a daemon thread and reloads when it changed. A file
   * that fails to load is not retried until it changes again.
   */
  public synchronized void watch(Duration interval) {
    if (watcher != null) {
      return;
    }
    watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "deepfm-model-watch");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(10, interval.toMillis());
    watcher.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      String stamp = stamp(path);
      boolean changed;
      synchronized (this) {
        changed = stamp != null && !stamp.equals(lastSeenStamp);
      }
      if (changed) {
        ReloadResult r = reload();
        synchronized (this) {
          lastSeenStamp = stamp;
        }
        if (r.ok()) {
          LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", path, r.changed() ? "reloaded" : "unchanged");
        } else {
          LOG.log(System.Logger.Level.WARNING, "reload failed, still serving the previous model: {0}", r.error());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "model watch failed", e);
    }
  }

  /** Stops watching. */
  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
  }

  private static String stamp(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads the file; when its bytes hash to {@code unless.sha256()}, returns {@code unless} without decoding. */
  private static Loaded read(Path path, long generation, Loaded unless, int cacheEntries) {
    String stamp = stamp(path);
    byte[] bytes = ModelFile.readBytes(path);
    String sha = sha256(bytes);
    if (unless != null && sha.equals(unless.sha256())) {
      return unless;
    }
    Recommender recommender = new Recommender(ModelFile.decode(bytes, path.toString()), cacheEntries);
    return new Loaded(recommender, path, sha, ModelFile.formatVersion(bytes), bytes.length, stamp, Instant.now(),
        generation);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
