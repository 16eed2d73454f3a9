package dev.deepfm.datasets.movielens;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Fetches MovieLens 100K into a per-user cache folder: downloads the archive to a temporary file,
 * checks its SHA-256 and MD5, unpacks it into a temporary folder, checks the SHA-256 of the files
 * that matter, writes a marker file and only then moves the folder into place with one atomic
 * rename. An interrupted or corrupt download therefore never leaves a folder that looks usable,
 * and a folder without the marker (or whose files no longer match) is discarded and fetched again.
 *
 * <p>A server that stops sending mid-transfer is given up on after a minute of silence.
 *
 * <p>Two processes filling the same cache at once do not harm each other: both unpack privately,
 * the first rename wins, and the other discards its copy and uses the winner's folder.
 */
public final class MovieLensDownloader {
  /** Name of the dataset folder inside the cache root, as inside the official archive. */
  public static final String DATASET = "ml-100k";
  /** Name of the marker file written last into a verified dataset folder. */
  public static final String MARKER = ".verified";

  private static final long MAX_EXTRACTED_BYTES = 1L << 30;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  /** A download that receives no byte for this long is abandoned. */
  static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  private final Path cacheRoot;
  private final Source source;
  private final Duration stallTimeout;

  /**
   * Where and what to fetch, and the checksums that prove it. Hex digests are stored in lower case.
   *
   * @param url where the zip archive is; {@code http:}, {@code https:} or {@code file:}
   * @param zipMd5 hex MD5 of the zip as published by GroupLens, or null to skip that check
   * @param zipSha256 hex SHA-256 of the zip, or null to skip that check
   * @param fileSha256 file name inside the dataset folder to its hex SHA-256
   */
  public record Source(URI url, String zipMd5, String zipSha256, Map<String, String> fileSha256) {
    /** Checks the values and normalises the digests. */
    public Source {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(fileSha256, "fileSha256");
      zipMd5 = zipMd5 == null ? null : hex(zipMd5, 32, "zip MD5");
      zipSha256 = zipSha256 == null ? null : hex(zipSha256, 64, "zip SHA-256");
      TreeMap<String, String> files = new TreeMap<>();
      fileSha256.forEach((name, sha) -> files.put(Objects.requireNonNull(name, "file name"),
          hex(sha, 64, "SHA-256 of " + name)));
      fileSha256 = Collections.unmodifiableMap(files);
    }

    /** A source whose zip is checked by MD5 only (and its files by SHA-256). */
    public Source(URI url, String zipMd5, Map<String, String> fileSha256) {
      this(url, zipMd5, null, fileSha256);
    }

    /**
     * The official GroupLens archive: its published MD5, its SHA-256 (4,924,029 bytes; GroupLens
     * publishes no SHA-256, this one is the archive's as widely pinned), and the SHA-256 of u.data,
     * u.user and u.item.
     */
    public static Source official() {
      return new Source(URI.create("https://files.grouplens.org/datasets/movielens/ml-100k.zip"),
          "0e33842e24a9c977be4e0107933c0723",
          "50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229",
          Map.of("u.data", "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490",
              "u.user", "f120e114da2e8cf314fd28f99417c94ae9ddf1cb6db8ce0e4b5995d40e90e62c",
              "u.item", "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701"));
    }

    private static String hex(String value, int length, String what) {
      String v = Objects.requireNonNull(value, what).trim().toLowerCase(Locale.ROOT);
      if (v.length() != length || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException(what + ": '" + value + "' is not " + length + " hex digits");
      }
      return v;
    }
  }

  /** Download progress; every method does nothing unless overridden. */
  public interface Progress {
    /**
     * The download starts.
     *
     * @param totalBytes the announced size, or -1 if unknown
     */
    default void started(long totalBytes) {}

    /**
     * More bytes arrived.
     *
     * @param bytesSoFar bytes received since the start
     */
    default void advanced(long bytesSoFar) {}

    /** Every byte arrived (verification and unpacking follow). */
    default void finished() {}
  }

  /**
   * A downloader filling {@code cacheRoot}.
   *
   * @param cacheRoot the cache folder (created when needed)
   * @param source what to fetch and how to check it
   */
  public MovieLensDownloader(Path cacheRoot, Source source) {
    this(cacheRoot, source, STALL_TIMEOUT);
  }

  /** As {@link #MovieLensDownloader(Path, Source)}, abandoning a transfer silent for {@code stallTimeout}. */
  MovieLensDownloader(Path cacheRoot, Source source, Duration stallTimeout) {
    this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot").toAbsolutePath().normalize();
    this.source = Objects.requireNonNull(source, "source");
    this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
    if (stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("stallTimeout must be positive, got " + stallTimeout);
    }
  }

  /**
   * The default cache root: {@code $DEEPFM_CACHE} if set, else {@code $XDG_CACHE_HOME/deepfm}, else
   * {@code ~/.cache/deepfm}.
   */
  public static Path defaultCacheRoot() {
    return defaultCacheRoot(System.getenv(), System.getProperty("user.home"));
  }

  /** {@link #defaultCacheRoot()} from the given environment and home folder. */
  static Path defaultCacheRoot(Map<String, String> env, String userHome) {
    String own = env.get("DEEPFM_CACHE");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "deepfm");
    }
    return Path.of(userHome, ".cache", "deepfm");
  }

  /** The dataset folder inside the cache ({@code cacheRoot/ml-100k}). */
  public Path datasetDir() {
    return cacheRoot.resolve(DATASET);
  }

  /**
   * True if {@link #datasetDir()} holds a complete, verified copy: the marker file is present and
   * every file of {@link Source#fileSha256()} has its SHA-256.
   */
  public boolean isReady() {
    return isReady(datasetDir());
  }

  private boolean isReady(Path dir) {
    if (!Files.isRegularFile(dir.resolve(MARKER))) {
      return false;
    }
    try {
      for (Map.Entry<String, String> e : source.fileSha256().entrySet()) {
        Path file = dir.resolve(e.getKey());
        if (!Files.isRegularFile(file) || !sha256(file).equals(e.getValue())) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Returns {@link #datasetDir()}, first downloading, verifying and unpacking the archive if the
   * folder is not ready (a folder that is there but not ready is replaced).
   *
   * @param progress told about the download
   * @throws IOException with a one-line message on any failure (HTTP status, interrupted transfer,
   *     checksum mismatch, bad archive); no partial folder or temporary file is left behind
   */
  public Path ensure(Progress progress) throws IOException {
    Objects.requireNonNull(progress, "progress");
    Path target = datasetDir();
    if (isReady(target)) {
      return target;
    }
    try {
      Files.createDirectories(cacheRoot);
    } catch (IOException e) {
      throw new IOException("cannot create the cache folder " + cacheRoot + ": " + fileProblem(e), e);
    }
    discardIfStale(target);
    Path part = null;
    Path unpacked = null;
    try {
      part = temporary(() -> Files.createTempFile(cacheRoot, DATASET + ".zip.part-", ""));
      Digests got = download(part, progress);
      if (source.zipSha256() != null && !source.zipSha256().equals(got.sha256())) {
        throw new IOException("checksum mismatch for " + source.url() + ": SHA-256 expected "
            + source.zipSha256() + ", got " + got.sha256());
      }
      if (source.zipMd5() != null && !source.zipMd5().equals(got.md5())) {
        throw new IOException("checksum mismatch for " + source.url() + ": MD5 expected "
            + source.zipMd5() + ", got " + got.md5());
      }
      unpacked = temporary(() -> Files.createTempDirectory(cacheRoot, DATASET + ".tmp-"));
      unzip(part, unpacked);
      verify(unpacked);
      writeMarker(unpacked, got);
      install(unpacked, target);
      return target;
    } finally {
      deleteQuietly(part);
      deleteQuietly(unpacked);
    }
  }

  // ---------------------------------------------------------------- download

  /** Hex digests of a downloaded archive. */
  private record Digests(String md5, String sha256) {}

  private Digests download(Path part, Progress progress) throws IOException {
    URI url = source.url();
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file":
        return copyFile(part, progress);
      case "http":
      case "https":
        return fetch(part, progress);
      default:
        throw new IOException("cannot download " + url + ": unsupported URL scheme '" + scheme + "'");
    }
  }

  private Digests copyFile(Path part, Progress progress) throws IOException {
    URI url = source.url();
    Path file;
    try {
      file = Path.of(url);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new IOException("cannot download " + url + ": not a local file URL");
    }
    long total;
    InputStream in;
    try {
      total = Files.size(file);
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot download " + url + ": file not found");
    } catch (IOException e) {
      throw new IOException("cannot download " + url + ": " + describe(e), e);
    }
    try (in) {
      return copy(in, total, part, progress);
    }
  }

  private Digests fetch(Path part, Progress progress) throws IOException {
    URI url = source.url();
    HttpClient.Builder builder = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(CONNECT_TIMEOUT);
    ProxySelector proxies = ProxySelector.getDefault();
    if (proxies != null) {
      builder.proxy(proxies);
    }
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(RESPONSE_TIMEOUT)
        .header("User-Agent", "deepfm")
        .GET()
        .build();
    HttpResponse<InputStream> response;
    try {
      response = builder.build().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of " + url + " was interrupted");
    } catch (IOException e) {
      throw new IOException("cannot download " + url + ": " + networkProblem(e), e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("download of " + url + " failed: HTTP " + response.statusCode()
            + reason(response.statusCode()));
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
      return copyWatched(in, total, part, progress);
    }
  }

  /**
   * {@link #copy} under a watchdog: a server that keeps the connection open but stops sending would
   * otherwise block the read forever (the HTTP client's timeouts cover the connection and the
   * headers, not the body). When no byte has arrived for {@link #stallTimeout}, the watchdog closes
   * the body stream, which ends the blocked read with an error. (Interrupting the reader would not:
   * the JDK's body stream ignores interrupts.)
   */
  private Digests copyWatched(InputStream in, long total, Path part, Progress progress) throws IOException {
    AtomicLong lastByte = new AtomicLong(System.nanoTime());
    AtomicLong received = new AtomicLong();
    AtomicBoolean stalled = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "deepfm-download-watchdog");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(10, stallTimeout.toMillis() / 10);
    watchdog.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastByte.get() > stallTimeout.toNanos() && stalled.compareAndSet(false, true)) {
        try {
          in.close();
        } catch (IOException | RuntimeException e) {
          // the read fails either way
        }
      }
    }, period, period, TimeUnit.MILLISECONDS);
    Progress watched = new Progress() {
      @Override
      public void started(long totalBytes) {
        progress.started(totalBytes);
      }

      @Override
      public void advanced(long bytesSoFar) {
        lastByte.set(System.nanoTime());
        received.set(bytesSoFar);
        progress.advanced(bytesSoFar);
      }

      @Override
      public void finished() {
        progress.finished();
      }
    };
    try {
      return copy(in, total, part, watched);
    } catch (IOException e) {
      if (stalled.get()) {
        String quiet = stallTimeout.toMillis() % 1000 == 0
            ? stallTimeout.toSeconds() + " s" : stallTimeout.toMillis() + " ms";
        throw new IOException("download of " + source.url() + " stalled: no data for "
            + quiet + " after " + received.get()
            + (total >= 0 ? " of " + total : "") + " bytes", e);
      }
      throw e;
    } finally {
      watchdog.shutdownNow();
    }
  }

  /** Streams {@code in} to {@code part}, returning the digests of what was written. */
  private Digests copy(InputStream in, long total, Path part, Progress progress) throws IOException {
    MessageDigest md5 = digest("MD5");
    MessageDigest sha256 = digest("SHA-256");
    progress.started(total);
    long received = 0;
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(part)) {
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          throw new IOException(interrupted(received, total) + " (" + describe(e) + ")", e);
        }
        if (n < 0) {
          break;
        }
        try {
          out.write(buf, 0, n);
        } catch (IOException e) {
          throw new IOException("cannot write " + part + ": " + describe(e), e);
        }
        md5.update(buf, 0, n);
        sha256.update(buf, 0, n);
        received += n;
        progress.advanced(received);
      }
    }
    if (total >= 0 && received < total) {
      throw new IOException(interrupted(received, total));
    }
    if (total >= 0 && received > total) {
      throw new IOException("download of " + source.url() + " sent " + received
          + " bytes, more than the announced " + total);
    }
    progress.finished();
    return new Digests(HexFormat.of().formatHex(md5.digest()), HexFormat.of().formatHex(sha256.digest()));
  }

  private String interrupted(long received, long total) {
    return "download of " + source.url() + " interrupted after " + received
        + (total >= 0 ? " of " + total : "") + " bytes";
  }

  private static String networkProblem(IOException e) {
    if (e instanceof java.net.http.HttpConnectTimeoutException) {
      return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no response within " + RESPONSE_TIMEOUT.toSeconds() + " s";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException
          || t instanceof java.nio.channels.UnresolvedAddressException) {
        return "unknown host (is the machine offline?)";
      }
    }
    if (e instanceof java.net.ConnectException && e.getMessage() == null) {
      return "connection failed (is the machine offline?)";
    }
    return describe(e);
  }

  private static String reason(int status) {
    switch (status) {
      case 401:
      case 403:
        return " (access denied)";
      case 404:
        return " (not found)";
      default:
        return status >= 500 ? " (server error)" : "";
    }
  }

  // ---------------------------------------------------------------- unpack and verify

  private void unzip(Path zipFile, Path into) throws IOException {
    URI url = source.url();
    try (ZipFile zip = new ZipFile(zipFile.toFile())) {
      List<? extends ZipEntry> entries = Collections.list(zip.entries());
      String prefix = topFolder(entries);
      long written = 0;
      for (ZipEntry entry : entries) {
        String name = entry.getName().replace('\\', '/');
        String relative = name.substring(prefix.length());
        if (relative.isEmpty()) {
          continue;
        }
        Path target = inside(into, relative, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(entry);
            OutputStream out = Files.newOutputStream(target)) {
          byte[] buf = new byte[64 * 1024];
          int n;
          while ((n = in.read(buf)) >= 0) {
            written += n;
            if (written > MAX_EXTRACTED_BYTES) {
              throw new IOException("archive from " + url + " unpacks to more than "
                  + (MAX_EXTRACTED_BYTES >> 20) + " MiB");
            }
            out.write(buf, 0, n);
          }
        }
      }
    } catch (ZipException e) {
      throw new IOException("download of " + url + " is not a valid zip archive: " + describe(e), e);
    }
  }

  /** "top/" if every entry lies under one top folder (as the official archive's "ml-100k/"), else "". */
  private static String topFolder(List<? extends ZipEntry> entries) {
    String top = null;
    for (ZipEntry entry : entries) {
      String name = entry.getName().replace('\\', '/');
      int slash = name.indexOf('/');
      if (slash <= 0) {
        return "";
      }
      String first = name.substring(0, slash + 1);
      if (first.equals("./") || first.equals("../") || (top != null && !top.equals(first))) {
        return "";
      }
      top = first;
    }
    return top == null ? "" : top;
  }

  /** The entry's path inside {@code dir}, refusing names that would land outside it (zip slip). */
  private Path inside(Path dir, String relative, String entryName) throws IOException {
    Path target;
    try {
      target = dir.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      target = null;
    }
    if (target == null || !target.startsWith(dir) || target.equals(dir)) {
      throw new IOException("archive from " + source.url() + " has an entry outside its folder: '"
          + entryName + "'");
    }
    return target;
  }

  private void verify(Path dir) throws IOException {
    for (Map.Entry<String, String> e : source.fileSha256().entrySet()) {
      Path file = dir.resolve(e.getKey()).normalize();
      if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
        throw new IOException("archive from " + source.url() + " lacks " + e.getKey());
      }
      String actual = sha256(file);
      if (!actual.equals(e.getValue())) {
        throw new IOException("checksum mismatch for " + e.getKey() + " from " + source.url()
            + ": SHA-256 expected " + e.getValue() + ", got " + actual);
      }
    }
  }

  private void writeMarker(Path dir, Digests zip) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("# verified copy of MovieLens 100K, written by deepfm\n");
    text.append("url=").append(source.url()).append('\n');
    text.append("zip-md5=").append(zip.md5()).append('\n');
    text.append("zip-sha256=").append(zip.sha256()).append('\n');
    source.fileSha256().forEach((name, sha) -> text.append("sha256 ").append(name).append('=')
        .append(sha).append('\n'));
    Files.writeString(dir.resolve(MARKER), text, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- install

  /** Moves the verified folder into place; if another process got there first, keeps theirs. */
  private void install(Path unpacked, Path target) throws IOException {
    if (isReady(target)) {
      return;
    }
    discardIfStale(target);
    try {
      Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (isReady(target)) {
        return; // a concurrent process installed its verified copy first
      }
      throw new IOException("cannot move the verified copy into " + target + ": " + describe(e), e);
    }
  }

  /** Removes a dataset folder that is there but not ready: renamed aside first, then deleted. */
  private void discardIfStale(Path target) throws IOException {
    if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) || isReady(target)) {
      return;
    }
    Path aside = cacheRoot.resolve(DATASET + ".stale-" + UUID.randomUUID());
    try {
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return; // another process removed it
    } catch (IOException e) {
      throw new IOException("cannot remove the incomplete copy " + target + ": " + describe(e), e);
    }
    deleteQuietly(aside);
  }

  private static void deleteQuietly(Path path) {
    if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: the name marks it as temporary
        }
      });
    } catch (IOException | java.io.UncheckedIOException ignored) {
      // best effort
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Creates a file or folder. */
  private interface Creation {
    Path create() throws IOException;
  }

  private Path temporary(Creation creation) throws IOException {
    try {
      return creation.create();
    } catch (IOException e) {
      throw new IOException("cannot write in the cache folder " + cacheRoot + ": " + fileProblem(e), e);
    }
  }

  private static String fileProblem(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "access denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file is in the way";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return describe(e);
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md = digest("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return text.replace('\n', ' ').replace('\r', ' ');
  }
}
