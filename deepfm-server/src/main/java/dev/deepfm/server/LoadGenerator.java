package dev.deepfm.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for a local {@link ModelServer}: {@code GET /recommend?user=<random known
 * user>&k=10}, loopback only, bounded in time and requests.
 *
 * <ul>
 *   <li><b>Open loop</b> (default): requests are scheduled at fixed intervals ({@code 1/rate}),
 *       whatever the answers do, and each latency is measured from the request's <em>scheduled</em>
 *       start to its response. A stalled server therefore shows up as latency (the requests that
 *       queued behind it are counted from when they should have left), not as fewer samples: no
 *       coordinated omission. At most {@code concurrency} requests are in flight; a request that
 *       waits for a slot still counts its wait. Up to eight keep-alive connections serve the queue
 *       ({@link LoopbackConnection}: plain blocking sockets, so the generator's own overhead stays
 *       out of the figures).
 *   <li><b>Closed loop</b> ({@code maxThroughput}): {@code concurrency} clients each send a request
 *       as soon as their previous one is answered, for the duration: the server's maximum
 *       throughput; latency is from send to response.
 * </ul>
 *
 * <p>User ids come from {@code GET /model} ({@code user_ids_sample}) unless given. Optionally,
 * {@code POST /admin/reload} is sent once at {@code reloadAt} into the run, and its outcome reported.
 */
public final class LoadGenerator {
  /** Longest run. */
  public static final Duration MAX_DURATION = Duration.ofMinutes(10);
  /** Highest open-loop rate, requests per second. */
  public static final double MAX_RATE = 50_000;
  /** Most concurrent requests or clients. */
  public static final int MAX_CONCURRENCY = 1024;
  /** Most requests one run sends. */
  public static final long MAX_REQUESTS = 10_000_000;

  /**
   * What to run.
   *
   * @param baseUrl the server, such as {@code http://127.0.0.1:8080} (loopback only)
   * @param rate open loop: requests per second
   * @param duration how long to send requests
   * @param concurrency open loop: most requests in flight; closed loop: number of clients
   * @param maxThroughput closed loop instead of open loop
   * @param reloadAt when to send {@code POST /admin/reload}, from the start (null: never)
   * @param k items asked for
   * @param users user ids to pick from (null or empty: from {@code GET /model})
   * @param seed seeds the choice of users
   * @param timeout per-request timeout (an unanswered request is an error)
   */
  public record Options(URI baseUrl, double rate, Duration duration, int concurrency, boolean maxThroughput,
      Duration reloadAt, int k, List<String> users, long seed, Duration timeout) {
    /** Checks the values; a host other than the loopback is refused. */
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(timeout, "timeout");
      checkLoopback(baseUrl);
      users = users == null ? List.of() : List.copyOf(users);
      check(!duration.isNegative() && !duration.isZero() && duration.compareTo(MAX_DURATION) <= 0,
          "duration must be in (0, " + MAX_DURATION.toMinutes() + " min], got " + duration);
      check(concurrency >= 1 && concurrency <= MAX_CONCURRENCY,
          "concurrency must be in 1.." + MAX_CONCURRENCY + ", got " + concurrency);
      check(k >= 1, "k must be >= 1, got " + k);
      check(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
      if (!maxThroughput) {
        check(rate > 0 && rate <= MAX_RATE, "rate must be in (0, " + (long) MAX_RATE + "] requests/s, got " + rate);
        check(rate * duration.toNanos() / 1e9 <= MAX_REQUESTS, "rate x duration must be at most " + MAX_REQUESTS + " requests");
      }
      if (reloadAt != null) {
        check(!reloadAt.isNegative() && reloadAt.compareTo(duration) < 0,
            "reload time must be within the run (0 to " + seconds(duration) + " s), got " + seconds(reloadAt) + " s");
      }
    }

    /** Open loop at {@code rate} requests/s for {@code duration}, at most 256 in flight, k = 10. */
    public static Options openLoop(URI baseUrl, double rate, Duration duration) {
      return new Options(baseUrl, rate, duration, 256, false, null, 10, List.of(), 1, Duration.ofSeconds(10));
    }

    /** Closed loop with {@code clients} clients for {@code duration}, k = 10. */
    public static Options closedLoop(URI baseUrl, int clients, Duration duration) {
      return new Options(baseUrl, 0, duration, clients, true, null, 10, List.of(), 1, Duration.ofSeconds(10));
    }

    /** A copy that reloads the model at {@code at} into the run. */
    public Options withReloadAt(Duration at) {
      return new Options(baseUrl, rate, duration, concurrency, maxThroughput, at, k, users, seed, timeout);
    }

    /** A copy with the user ids to pick from. */
    public Options withUsers(List<String> u) {
      return new Options(baseUrl, rate, duration, concurrency, maxThroughput, reloadAt, k, u, seed, timeout);
    }

    /** A copy with another concurrency. */
    public Options withConcurrency(int c) {
      return new Options(baseUrl, rate, duration, c, maxThroughput, reloadAt, k, users, seed, timeout);
    }

    /** A copy with another k. */
    public Options withK(int kk) {
      return new Options(baseUrl, rate, duration, concurrency, maxThroughput, reloadAt, kk, users, seed, timeout);
    }

    /** A copy with another seed. */
    public Options withSeed(long s) {
      return new Options(baseUrl, rate, duration, concurrency, maxThroughput, reloadAt, k, users, s, timeout);
    }
  }

  /**
   * The reload sent during a run.
   *
   * @param atSeconds when it was sent, from the start
   * @param status its HTTP status (0: no answer)
   * @param millis how long it took
   * @param message the answer's status or error
   */
  public record Reload(double atSeconds, int status, double millis, String message) {}

  /**
   * What a run measured. Latencies are of successful (2xx) requests.
   *
   * @param mode "open-loop" or "closed-loop"
   * @param url the server
   * @param rate open loop: target requests/s (0 for closed loop)
   * @param concurrency most in flight (open loop) or clients (closed loop)
   * @param durationSeconds the sending period asked for
   * @param sent requests sent (or scheduled, for the open loop)
   * @param completed requests answered with a 2xx status
   * @param errors requests answered otherwise, failed (I/O) or unanswered in time
   * @param elapsedSeconds from the start to the last answer
   * @param throughput completed requests per second of {@code elapsedSeconds}
   * @param p50Millis median latency
   * @param p95Millis 95th percentile
   * @param p99Millis 99th percentile
   * @param maxMillis slowest
   * @param meanMillis mean
   * @param outcomes count by outcome: HTTP status ("200", "404"...), "io" or "timeout"
   * @param reload the reload sent during the run, or null
   */
  public record Report(String mode, String url, double rate, int concurrency, double durationSeconds, long sent,
      long completed, long errors, double elapsedSeconds, double throughput, double p50Millis, double p95Millis,
      double p99Millis, double maxMillis, double meanMillis, Map<String, Long> outcomes, Reload reload) {

    /** The report as text. */
    public String format() {
      StringBuilder sb = new StringBuilder();
      if (mode.equals("open-loop")) {
        sb.append(String.format(Locale.ROOT, "open loop: %s req/s for %.1f s (at most %d in flight) against %s%n",
            trim(rate), durationSeconds, concurrency, url));
      } else {
        sb.append(String.format(Locale.ROOT, "closed loop (max throughput): %d clients for %.1f s against %s%n",
            concurrency, durationSeconds, url));
      }
      sb.append(String.format(Locale.ROOT, "requests:   %,d sent, %,d completed, %,d errors", sent, completed, errors));
      if (errors > 0) {
        sb.append(" ").append(outcomes);
      }
      sb.append('\n');
      sb.append(String.format(Locale.ROOT, "throughput: %.1f req/s over %.2f s%n", throughput, elapsedSeconds));
      sb.append(String.format(Locale.ROOT, "latency %s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms%n",
          mode.equals("open-loop") ? "(from scheduled start)" : "(from send)", p50Millis, p95Millis, p99Millis,
          maxMillis, meanMillis));
      if (reload != null) {
        sb.append(String.format(Locale.ROOT, "reload at %.2f s: %s in %.1f ms (%s)%n", reload.atSeconds(),
            reload.status() == 0 ? "no answer" : "HTTP " + reload.status(), reload.millis(), reload.message()));
      }
      return sb.toString();
    }

    private static String trim(double x) {
      return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    /** The report as a map, for JSON. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mode", mode);
      m.put("url", url);
      if (mode.equals("open-loop")) {
        m.put("rate", rate);
      }
      m.put("concurrency", concurrency);
      m.put("duration_s", durationSeconds);
      m.put("sent", sent);
      m.put("completed", completed);
      m.put("errors", errors);
      m.put("elapsed_s", elapsedSeconds);
      m.put("throughput_per_s", throughput);
      Map<String, Object> lat = new LinkedHashMap<>();
      lat.put("p50", p50Millis);
      lat.put("p95", p95Millis);
      lat.put("p99", p99Millis);
      lat.put("max", maxMillis);
      lat.put("mean", meanMillis);
      m.put("latency_ms", lat);
      m.put("outcomes", outcomes);
      if (reload != null) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("at_s", reload.atSeconds());
        r.put("status", reload.status());
        r.put("ms", reload.millis());
        r.put("message", reload.message());
        m.put("reload", r);
      }
      return m;
    }
  }

  private final Options options;
  private final String host;
  private final int port;
  private final int timeoutMillis;
  private final LatencyHistogram latencies = new LatencyHistogram();
  private final LongAdder completed = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong lastAnswer = new AtomicLong();
  /** Set when the run gives up waiting: answers arriving later are not counted. */
  private volatile boolean closed;

  private LoadGenerator(Options options) {
    this.options = options;
    checkLoopback(options.baseUrl());
    this.host = options.baseUrl().getHost().replace("[", "").replace("]", "");
    this.port = options.baseUrl().getPort() > 0 ? options.baseUrl().getPort() : 80;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis());
  }

  private LoopbackConnection connect() {
    return new LoopbackConnection(host, port, timeoutMillis);
  }

  /** Refuses any URL that is not http on 127.0.0.1, localhost or ::1. */
  public static void checkLoopback(URI url) {
    if (!"http".equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException("the load generator speaks plain http to a local server, not '" + url + "'");
    }
    String host = url.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in '" + url + "'");
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (!h.equals("127.0.0.1") && !h.equals("localhost") && !h.equals("::1") && !h.equals("0:0:0:0:0:0:0:1")) {
      throw new IllegalArgumentException("the load generator only targets this machine (127.0.0.1, localhost or ::1), not "
          + host);
    }
  }

  /** Runs the load described by {@code options} and reports. */
  public static Report run(Options options) throws IOException, InterruptedException {
    return new LoadGenerator(options).execute();
  }

  private Report execute() throws IOException, InterruptedException {
    String base = options.baseUrl().toString().replaceAll("/+$", "");
    String prefix = options.baseUrl().getRawPath() == null ? "" : options.baseUrl().getRawPath().replaceAll("/+$", "");
    List<String> users = options.users().isEmpty() ? fetchUsers(base, prefix) : options.users();
    String[] paths = new String[users.size()];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = prefix + "/recommend?user=" + URLEncoder.encode(users.get(i), StandardCharsets.UTF_8) + "&k=" + options.k();
    }
    long start = System.nanoTime() + 20_000_000L;
    lastAnswer.set(start);
    Thread reloader = null;
    Reload[] reload = new Reload[1];
    if (options.reloadAt() != null) {
      reloader = new Thread(() -> reload[0] = reload(prefix, start), "deepfm-load-reload");
      reloader.setDaemon(true);
      reloader.start();
    }
    long sent = options.maxThroughput() ? closedLoop(paths, start) : openLoop(paths, start);
    if (reloader != null) {
      reloader.join(options.timeout().toMillis() + 1000);
    }
    double elapsed = Math.max(1e-9, (lastAnswer.get() - start) / 1e9);
    Map<String, Long> counts = new TreeMap<>();
    outcomes.forEach((k, v) -> counts.put(k, v.sum()));
    long done = completed.sum();
    return new Report(options.maxThroughput() ? "closed-loop" : "open-loop", base, options.rate(),
        options.concurrency(), options.duration().toNanos() / 1e9, sent, done, errors.sum(), elapsed, done / elapsed,
        latencies.percentileMillis(0.50), latencies.percentileMillis(0.95), latencies.percentileMillis(0.99),
        latencies.maxMillis(), latencies.meanMillis(), counts, reload[0]);
  }

  /** A request due at {@code scheduled} (nanoTime). */
  private record Due(long scheduled, String path) {}

  /**
   * Requests leave at fixed intervals into a queue served by a few keep-alive connections; a
   * request's latency runs from its scheduled time, so waiting for a free connection counts.
   */
  private long openLoop(String[] paths, long start) throws InterruptedException {
    long n = Math.max(1, (long) Math.floor(options.rate() * options.duration().toNanos() / 1e9));
    double period = 1e9 / options.rate();
    int workers = Math.max(1, Math.min(options.concurrency(), 8));
    java.util.concurrent.LinkedBlockingQueue<Due> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    Semaphore slots = new Semaphore(options.concurrency());
    Due stop = new Due(0, null);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        try (LoopbackConnection c = connect()) {
          while (true) {
            Due d = queue.take();
            if (d == stop) {
              return;
            }
            try {
              LoopbackConnection.Answer a = c.send("GET", d.path());
              outcome(a.status(), null, System.nanoTime() - d.scheduled());
            } catch (IOException e) {
              outcome(0, e, System.nanoTime() - d.scheduled());
            } finally {
              slots.release();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "deepfm-load-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    SplittableRandom rnd = new SplittableRandom(options.seed());
    for (long i = 0; i < n; i++) {
      long scheduled = start + (long) (i * period);
      sleepUntil(scheduled);
      slots.acquire();
      queue.add(new Due(scheduled, paths[rnd.nextInt(paths.length)]));
    }
    for (int w = 0; w < workers; w++) {
      queue.add(stop);
    }
    long deadline = System.nanoTime() + options.timeout().toNanos() + 2_000_000_000L;
    for (Thread t : threads) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    if (!slots.tryAcquire(options.concurrency(), 1, TimeUnit.MILLISECONDS)) {
      closed = true;
      long missing = options.concurrency() - slots.availablePermits();
      errors.add(missing);
      outcomes.computeIfAbsent("timeout", x -> new LongAdder()).add(missing);
    }
    return n;
  }

  private long closedLoop(String[] paths, long start) throws InterruptedException {
    long end = start + options.duration().toNanos();
    LongAdder sent = new LongAdder();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < options.concurrency(); c++) {
      SplittableRandom rnd = new SplittableRandom(options.seed() * 1_000_003L + c);
      Thread t = new Thread(() -> {
        sleepUntil(start);
        try (LoopbackConnection conn = connect()) {
          while (System.nanoTime() < end && sent.sum() < MAX_REQUESTS) {
            String path = paths[rnd.nextInt(paths.length)];
            sent.increment();
            long t0 = System.nanoTime();
            try {
              outcome(conn.send("GET", path).status(), null, System.nanoTime() - t0);
            } catch (IOException e) {
              outcome(0, e, System.nanoTime() - t0);
            }
          }
        }
      }, "deepfm-load-client-" + c);
      t.setDaemon(true);
      clients.add(t);
      t.start();
    }
    for (Thread t : clients) {
      t.join();
    }
    return sent.sum();
  }

  private void outcome(int status, Throwable err, long nanos) {
    if (closed) {
      return;
    }
    lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
    String key;
    if (status / 100 == 2) {
      completed.increment();
      latencies.record(nanos);
      key = Integer.toString(status);
    } else {
      errors.increment();
      key = status > 0 ? Integer.toString(status) : err instanceof java.net.SocketTimeoutException ? "timeout" : "io";
    }
    outcomes.computeIfAbsent(key, x -> new LongAdder()).increment();
  }

  private Reload reload(String prefix, long start) {
    long at = start + options.reloadAt().toNanos();
    sleepUntil(at);
    long t0 = System.nanoTime();
    try (LoopbackConnection c = connect()) {
      LoopbackConnection.Answer a = c.send("POST", prefix + "/admin/reload");
      double ms = (System.nanoTime() - t0) / 1e6;
      JsonNode body = Json.MAPPER.readTree(a.body());
      String message = body.has("status") ? body.get("status").asText() : body.path("error").asText("");
      return new Reload((t0 - start) / 1e9, a.status(), ms, message);
    } catch (IOException e) {
      return new Reload((t0 - start) / 1e9, 0, (System.nanoTime() - t0) / 1e6, e.toString());
    }
  }

  private List<String> fetchUsers(String base, String prefix) throws IOException {
    LoopbackConnection.Answer a;
    try (LoopbackConnection c = connect()) {
      a = c.send("GET", prefix + "/model");
    } catch (IOException e) {
      throw new IOException("cannot reach " + base + " (" + (e.getMessage() == null ? e : e.getMessage()) + ")", e);
    }
    if (a.status() != 200) {
      throw new IOException(base + "/model answered HTTP " + a.status());
    }
    List<String> users = new ArrayList<>();
    Json.MAPPER.readTree(a.body()).path("user_ids_sample").forEach(n -> users.add(n.asText()));
    if (users.isEmpty()) {
      throw new IOException(base + "/model lists no user ids (give them as users)");
    }
    return users;
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
