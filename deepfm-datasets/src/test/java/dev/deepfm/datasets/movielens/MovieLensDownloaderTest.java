package dev.deepfm.datasets.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.deepfm.core.data.RecData;
import dev.deepfm.datasets.movielens.MovieLensDownloader.Progress;
import dev.deepfm.datasets.movielens.MovieLensDownloader.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Download, verification and atomic installation, against a local HTTP server and file: URIs. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MovieLensDownloaderTest {
  private static final String[] FILES = {"u.data", "u.item", "u.user"};

  private static HttpServer server;
  private static ExecutorService serverThreads;
  private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private static volatile CyclicBarrier together;

  private static byte[] zip;
  private static String zipMd5;
  private static String zipSha256;
  private static Map<String, String> fileSha;
  private static byte[] slipZip;
  private static byte[] rootZip;
  private static final java.util.concurrent.CountDownLatch stallReleased = new java.util.concurrent.CountDownLatch(1);

  @TempDir Path tmp;
  private Path cacheRoot;

  @BeforeAll
  static void startServer(@TempDir Path fixture) throws Exception {
    MovieLensFixture.write(fixture, 11, 10, 25, 6);
    zip = MovieLensFixture.zip(fixture);
    zipMd5 = hex("MD5", zip);
    zipSha256 = hex("SHA-256", zip);
    fileSha = new TreeMap<>();
    for (String name : FILES) {
      fileSha.put(name, hex("SHA-256", Files.readAllBytes(fixture.resolve(name))));
    }
    slipZip = zipOf(fixture, "ml-100k/", "ml-100k/../../evil.txt");
    rootZip = zipOf(fixture, "", null);

    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    serve("/ok.zip", ex -> send(ex, zip));
    serve("/root.zip", ex -> send(ex, rootZip));
    serve("/slip.zip", ex -> send(ex, slipZip));
    serve("/garbage.zip", ex -> send(ex, "<html>not a zip</html>".getBytes(StandardCharsets.UTF_8)));
    serve("/missing.zip", ex -> ex.sendResponseHeaders(404, -1));
    serve("/moved.zip", ex -> {
      ex.getResponseHeaders().add("Location", "/ok.zip");
      ex.sendResponseHeaders(302, -1);
    });
    serve("/half.zip", ex -> {
      ex.sendResponseHeaders(200, zip.length);
      OutputStream out = ex.getResponseBody();
      out.write(zip, 0, zip.length / 2);
      out.flush();
      throw new IOException("connection dropped on purpose"); // the server then closes the connection
    });
    serve("/stall.zip", ex -> {
      ex.sendResponseHeaders(200, zip.length);
      OutputStream out = ex.getResponseBody();
      out.write(zip, 0, zip.length / 2);
      out.flush();
      try {
        stallReleased.await(30, TimeUnit.SECONDS); // silent, the connection kept open
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("stalled on purpose");
    });
    serve("/together.zip", ex -> {
      try {
        together.await(10, TimeUnit.SECONDS); // both clients are downloading at once
      } catch (Exception e) {
        throw new IOException("the second client never came", e);
      }
      send(ex, zip);
    });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @BeforeEach
  void reset() {
    hits.clear();
    cacheRoot = tmp.resolve("cache");
  }

  // ------------------------------------------------------------- success

  @Test
  void downloadsVerifiesUnpacksAndReportsProgress() throws IOException {
    MovieLensDownloader d = downloader("/ok.zip");
    assertThat(d.datasetDir()).isEqualTo(cacheRoot.toAbsolutePath().resolve("ml-100k"));
    assertThat(d.isReady()).isFalse();
    Recorder progress = new Recorder();

    Path dir = d.ensure(progress);

    assertThat(dir).isEqualTo(d.datasetDir());
    assertThat(d.isReady()).isTrue();
    assertThat(hits("/ok.zip")).isEqualTo(1);
    for (String name : FILES) {
      assertThat(hex("SHA-256", Files.readAllBytes(dir.resolve(name)))).isEqualTo(fileSha.get(name));
    }
    assertThat(Files.readString(dir.resolve(MovieLensDownloader.MARKER)))
        .contains(url("/ok.zip").toString()).contains(zipMd5).contains(fileSha.get("u.data"));
    RecData data = MovieLens.load(dir);
    assertThat(data.userCount()).isEqualTo(10);
    assertThat(children(cacheRoot)).containsExactly("ml-100k");

    assertThat(progress.total).isEqualTo(zip.length);
    assertThat(progress.advances).isNotEmpty().isSorted();
    assertThat(progress.advances.get(progress.advances.size() - 1)).isEqualTo(zip.length);
    assertThat(progress.finished).isEqualTo(1);

    assertThat(downloader("/ok.zip").ensure(new Progress() {})).isEqualTo(dir);
    assertThat(hits("/ok.zip")).as("a ready folder is not downloaded again").isEqualTo(1);
  }

  @Test
  void followsRedirects() throws IOException {
    Path dir = downloader("/moved.zip").ensure(new Progress() {});
    assertThat(hits("/moved.zip")).isEqualTo(1);
    assertThat(hits("/ok.zip")).isEqualTo(1);
    assertThat(MovieLensReader.read(dir).users()).hasSize(10);
  }

  @Test
  void copiesFromAFileUri() throws IOException {
    Path file = Files.write(tmp.resolve("ml-100k.zip"), zip);
    Recorder progress = new Recorder();
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(file.toUri(), zipMd5, fileSha));
    Path dir = d.ensure(progress);
    assertThat(d.isReady()).isTrue();
    assertThat(MovieLens.load(dir).userCount()).isEqualTo(10);
    assertThat(progress.total).isEqualTo(zip.length);
    assertThat(progress.finished).isEqualTo(1);
    assertThat(children(cacheRoot)).containsExactly("ml-100k");
  }

  @Test
  void acceptsEntriesAtTheRootOfTheArchive() throws IOException {
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(url("/root.zip"), null, fileSha));
    d.ensure(new Progress() {});
    assertThat(d.isReady()).isTrue();
  }

  @Test
  void concurrentDownloadsInstallOneCopy() throws Exception {
    together = new CyclicBarrier(2);
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      Callable<Path> ensure = () -> downloader("/together.zip").ensure(new Progress() {});
      Future<Path> a = clients.submit(ensure);
      Future<Path> b = clients.submit(ensure);
      assertThat(a.get(15, TimeUnit.SECONDS)).isEqualTo(b.get(15, TimeUnit.SECONDS));
    } finally {
      clients.shutdownNow();
    }
    assertThat(hits("/together.zip")).isEqualTo(2);
    assertThat(downloader("/together.zip").isReady()).isTrue();
    assertThat(children(cacheRoot)).containsExactly("ml-100k");
  }

  // ------------------------------------------------------------- failures leave nothing behind

  @Test
  void wrongZipMd5Fails() {
    String wrong = "0".repeat(32);
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(url("/ok.zip"), wrong, fileSha));
    IOException e = failure(d);
    assertThat(e.getMessage()).contains("MD5").contains(wrong).contains(zipMd5);
    assertNothingLeft(d);
  }

  @Test
  void zipSha256IsCheckedBeforeUnpacking() throws IOException {
    String wrong = "f".repeat(64);
    MovieLensDownloader bad = new MovieLensDownloader(cacheRoot, new Source(url("/ok.zip"), zipMd5, wrong, fileSha));
    IOException e = failure(bad);
    assertThat(e.getMessage()).contains("SHA-256").contains(wrong).contains(zipSha256);
    assertNothingLeft(bad);

    MovieLensDownloader good = new MovieLensDownloader(cacheRoot, new Source(url("/ok.zip"), zipMd5, zipSha256, fileSha));
    good.ensure(new Progress() {});
    assertThat(good.isReady()).isTrue();
    assertThat(Files.readString(good.datasetDir().resolve(MovieLensDownloader.MARKER)))
        .contains("zip-sha256=" + zipSha256).contains("zip-md5=" + zipMd5);
  }

  @Test
  void wrongFileSha256Fails() {
    Map<String, String> sha = new TreeMap<>(fileSha);
    sha.put("u.data", "a".repeat(64));
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(url("/ok.zip"), zipMd5, sha));
    IOException e = failure(d);
    assertThat(e.getMessage()).contains("u.data").contains("a".repeat(64)).contains(fileSha.get("u.data"));
    assertNothingLeft(d);
  }

  @Test
  void missingExpectedFileFails() {
    Map<String, String> sha = new TreeMap<>(fileSha);
    sha.put("u.genre", "b".repeat(64));
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(url("/ok.zip"), zipMd5, sha));
    assertThat(failure(d).getMessage()).contains("lacks u.genre");
    assertNothingLeft(d);
  }

  @Test
  void interruptedTransferFailsThenARetrySucceeds() throws IOException {
    MovieLensDownloader broken = downloader("/half.zip");
    Recorder progress = new Recorder();
    IOException e = catchThrowableOfType(IOException.class, () -> broken.ensure(progress));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("interrupted").contains(url("/half.zip").toString())
        .contains("of " + zip.length + " bytes").doesNotContain("\n");
    assertThat(progress.total).isEqualTo(zip.length);
    assertThat(progress.finished).isZero();
    assertNothingLeft(broken);

    MovieLensDownloader good = downloader("/ok.zip");
    good.ensure(new Progress() {});
    assertThat(good.isReady()).isTrue();
  }

  @Test
  void stalledTransferIsAbandoned() {
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot,
        new Source(url("/stall.zip"), zipMd5, fileSha), java.time.Duration.ofMillis(300));
    long start = System.nanoTime();
    try {
      IOException e = failure(d);
      assertThat(e.getMessage()).contains("stalled").contains("no data for 300 ms")
          .contains("after " + zip.length / 2 + " of " + zip.length + " bytes");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
      assertNothingLeft(d);
    } finally {
      stallReleased.countDown();
    }
  }

  @Test
  void httpErrorStatusIsReported() {
    MovieLensDownloader d = downloader("/missing.zip");
    IOException e = failure(d);
    assertThat(e.getMessage()).isEqualTo("download of " + url("/missing.zip") + " failed: HTTP 404 (not found)");
    assertNothingLeft(d);
  }

  @Test
  void unreachableServerIsReported() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + port + "/ml-100k.zip");
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(nowhere, null, fileSha));
    assertThat(failure(d).getMessage()).startsWith("cannot download " + nowhere + ": ");
    assertNothingLeft(d);
  }

  @Test
  void missingLocalFileIsReported() {
    URI missing = tmp.resolve("absent.zip").toUri();
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(missing, null, fileSha));
    assertThat(failure(d).getMessage()).isEqualTo("cannot download " + missing + ": file not found");
    assertNothingLeft(d);
  }

  @Test
  void bodyThatIsNotAZipFails() {
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(url("/garbage.zip"), null, fileSha));
    assertThat(failure(d).getMessage()).contains("not a valid zip archive");
    assertNothingLeft(d);
  }

  @Test
  void zipSlipEntryIsRejected() {
    MovieLensDownloader d = new MovieLensDownloader(cacheRoot, new Source(url("/slip.zip"), null, fileSha));
    IOException e = failure(d);
    assertThat(e.getMessage()).contains("outside its folder").contains("../../evil.txt");
    assertThat(tmp.resolve("evil.txt")).doesNotExist();
    assertNothingLeft(d);
  }

  @Test
  void cacheRootThatIsAFileIsReported() throws IOException {
    Files.writeString(cacheRoot, "not a folder");
    IOException e = failure(downloader("/ok.zip"));
    assertThat(e.getMessage()).isEqualTo("cannot create the cache folder " + cacheRoot.toAbsolutePath()
        + ": a file is in the way");
    assertThat(hits("/ok.zip")).isZero();
  }

  // ------------------------------------------------------------- existing folders

  @Test
  void folderWithoutMarkerIsReplaced() throws IOException {
    MovieLensDownloader d = downloader("/ok.zip");
    Path dir = Files.createDirectories(d.datasetDir());
    Files.writeString(dir.resolve("u.data"), "half a file");
    Files.writeString(dir.resolve("leftover"), "x");
    assertThat(d.isReady()).isFalse();

    d.ensure(new Progress() {});

    assertThat(d.isReady()).isTrue();
    assertThat(dir.resolve("leftover")).doesNotExist();
    assertThat(hits("/ok.zip")).isEqualTo(1);
    assertThat(children(cacheRoot)).containsExactly("ml-100k");
  }

  @Test
  void folderWithAlteredFileIsReplaced() throws IOException {
    MovieLensDownloader d = downloader("/ok.zip");
    Path dir = d.ensure(new Progress() {});
    Files.writeString(dir.resolve("u.user"), "1|24|M|technician|85711\n");
    assertThat(d.isReady()).isFalse();

    d.ensure(new Progress() {});

    assertThat(d.isReady()).isTrue();
    assertThat(hits("/ok.zip")).isEqualTo(2);
  }

  // ------------------------------------------------------------- configuration

  @Test
  void officialSource() {
    Source s = Source.official();
    assertThat(s.url()).hasToString("https://files.grouplens.org/datasets/movielens/ml-100k.zip");
    assertThat(s.zipMd5()).isEqualTo("0e33842e24a9c977be4e0107933c0723");
    assertThat(s.zipSha256()).isEqualTo("50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229");
    assertThat(s.fileSha256()).containsOnlyKeys("u.data", "u.user", "u.item")
        .containsEntry("u.data", "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490");
  }

  @Test
  void sourceRejectsMalformedDigests() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new Source(url("/ok.zip"), "xyz", fileSha))).hasMessageContaining("zip MD5");
    Source upper = new Source(url("/ok.zip"), zipMd5.toUpperCase(), Map.of());
    assertThat(upper.zipMd5()).isEqualTo(zipMd5);
  }

  @Test
  void defaultCacheRootFollowsTheEnvironment() {
    String home = "/home/someone";
    assertThat(MovieLensDownloader.defaultCacheRoot(Map.of("DEEPFM_CACHE", "/data/cache",
        "XDG_CACHE_HOME", "/xdg"), home)).isEqualTo(Path.of("/data/cache"));
    assertThat(MovieLensDownloader.defaultCacheRoot(Map.of("DEEPFM_CACHE", " ",
        "XDG_CACHE_HOME", "/xdg"), home)).isEqualTo(Path.of("/xdg", "deepfm"));
    assertThat(MovieLensDownloader.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "relative"), home))
        .isEqualTo(Path.of(home, ".cache", "deepfm"));
    assertThat(MovieLensDownloader.defaultCacheRoot(Map.of(), home))
        .isEqualTo(Path.of(home, ".cache", "deepfm"));
    assertThat(MovieLensDownloader.defaultCacheRoot()).isNotNull();
  }

  // ------------------------------------------------------------- helpers

  private MovieLensDownloader downloader(String path) {
    return new MovieLensDownloader(cacheRoot, new Source(url(path), zipMd5, fileSha));
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private static IOException failure(MovieLensDownloader d) {
    IOException e = catchThrowableOfType(IOException.class, () -> d.ensure(new Progress() {}));
    assertThat(e).as("ensure() must fail").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    return e;
  }

  /** Neither a dataset folder nor any temporary file or folder remains in the cache root. */
  private void assertNothingLeft(MovieLensDownloader d) {
    assertThat(d.isReady()).isFalse();
    assertThat(d.datasetDir()).doesNotExist();
    assertThat(children(cacheRoot)).isEmpty();
  }

  private static List<String> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void serve(String path, HttpHandler handler) {
    server.createContext(path, ex -> {
      hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      try (HttpExchange exchange = ex) {
        handler.handle(exchange);
      }
    });
  }

  private static void send(HttpExchange ex, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/zip");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** The fixture's files zipped under {@code prefix}, plus an entry named {@code extra} if given. */
  private static byte[] zipOf(Path dir, String prefix, String extra) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (String name : FILES) {
        out.putNextEntry(new ZipEntry(prefix + name));
        Files.copy(dir.resolve(name), out);
        out.closeEntry();
      }
      if (extra != null) {
        out.putNextEntry(new ZipEntry(extra));
        out.write("escaped".getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records the progress callbacks. */
  private static final class Recorder implements Progress {
    long total = -2;
    final List<Long> advances = new ArrayList<>();
    int finished;

    @Override
    public void started(long totalBytes) {
      total = totalBytes;
    }

    @Override
    public void advanced(long bytesSoFar) {
      advances.add(bytesSoFar);
    }

    @Override
    public void finished() {
      finished++;
    }
  }
}
