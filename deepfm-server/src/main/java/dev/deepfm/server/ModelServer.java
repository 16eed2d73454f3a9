package dev.deepfm.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP JSON API over a model file, on the JDK's built-in {@link HttpServer} with a fixed pool
 * of worker threads:
 *
 * <ul>
 *   <li>{@code GET /recommend?user=ID&k=10}: a known user's top k;
 *   <li>{@code POST /recommend} {@code {"features": {...}, "k": 10}}: a new user's top k;
 *   <li>{@code POST /score} {@code {"pairs": [{"user": .., "item": ..}, ...]}}: scores of pairs;
 *   <li>{@code GET /health}, {@code GET /model}: status, and what model is served;
 *   <li>{@code POST /admin/reload}: reload the model file, swapping it in atomically.
 * </ul>
 *
 * <p>Answers are JSON; refused requests get {@code {"error": "..."}} with a 4xx status (see {@link
 * ApiError}). A reload never fails or drops a request: each request keeps the model it started
 * with. After a reload the worker threads are replaced (the old ones finish their requests first),
 * so that per-thread scratch memory of the old model is released with them.
 */
public final class ModelServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelServer.class.getName());

  static {
    // The JDK server writes the headers and the body of an answer separately; with Nagle's
    // algorithm on, the body then waits for the client's delayed ACK (about 40 ms a request).
    // Read once, when the server's configuration class loads: set it before the first server.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * How to run the server.
   *
   * @param host address to bind (default 127.0.0.1: only this machine; 0.0.0.0 for all interfaces)
   * @param port port to bind (0: any free port, see {@link #port()})
   * @param model the model file
   * @param threads worker threads (default: 2 per processor)
   * @param watch reload when the model file changes (polled every {@code watchInterval})
   * @param watchInterval how often to look at the file when watching
   * @param backlog pending connections the listening socket queues
   * @param maxBodyBytes largest request body (413 beyond)
   * @param maxPairs most pairs in one /score request (413 beyond)
   * @param cacheEntries known-user answers kept per loaded model (0: every request computes)
   */
  public record Options(String host, int port, Path model, int threads, boolean watch, Duration watchInterval,
      int backlog, int maxBodyBytes, int maxPairs, int cacheEntries) {
    /** Checks the values. */
    public Options {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(watchInterval, "watchInterval");
      check(port >= 0 && port <= 65535, "port must be in 0..65535, got " + port);
      check(threads >= 1 && threads <= 1024, "threads must be in 1..1024, got " + threads);
      check(backlog >= 1, "backlog must be >= 1, got " + backlog);
      check(maxBodyBytes >= 1024, "max body bytes must be >= 1024, got " + maxBodyBytes);
      check(maxPairs >= 1, "max pairs must be >= 1, got " + maxPairs);
      check(cacheEntries >= 0, "cache entries must be >= 0, got " + cacheEntries);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }

    /** Defaults for serving {@code model}: 127.0.0.1:8080, 2 threads per processor, no watching. */
    public static Options of(Path model) {
      return new Options("127.0.0.1", 8080, model, 2 * Runtime.getRuntime().availableProcessors(), false,
          Duration.ofSeconds(1), 256, 1 << 20, 10_000,
          dev.deepfm.core.serve.Recommender.DEFAULT_CACHE_ENTRIES);
    }

    /** A copy with another host. */
    public Options withHost(String h) {
      return new Options(h, port, model, threads, watch, watchInterval, backlog, maxBodyBytes, maxPairs, cacheEntries);
    }

    /** A copy with another port. */
    public Options withPort(int p) {
      return new Options(host, p, model, threads, watch, watchInterval, backlog, maxBodyBytes, maxPairs, cacheEntries);
    }

    /** A copy with another thread count. */
    public Options withThreads(int t) {
      return new Options(host, port, model, t, watch, watchInterval, backlog, maxBodyBytes, maxPairs, cacheEntries);
    }

    /** A copy that does or does not watch the model file. */
    public Options withWatch(boolean w) {
      return new Options(host, port, model, threads, w, watchInterval, backlog, maxBodyBytes, maxPairs, cacheEntries);
    }

    /** A copy with another watch interval. */
    public Options withWatchInterval(Duration d) {
      return new Options(host, port, model, threads, watch, d, backlog, maxBodyBytes, maxPairs, cacheEntries);
    }

    /** A copy with another body limit. */
    public Options withMaxBodyBytes(int n) {
      return new Options(host, port, model, threads, watch, watchInterval, backlog, n, maxPairs, cacheEntries);
    }

    /** A copy with another answer cache bound (0: none). */
    public Options withCacheEntries(int n) {
      return new Options(host, port, model, threads, watch, watchInterval, backlog, maxBodyBytes, maxPairs, n);
    }

    /** A copy with another pair limit. */
    public Options withMaxPairs(int n) {
      return new Options(host, port, model, threads, watch, watchInterval, backlog, maxBodyBytes, n, cacheEntries);
    }
  }

  /** Rankings run before serving, so the first requests do not pay for the JIT (see {@link dev.deepfm.core.serve.Recommender#warmUp}). */
  static final int WARM_UP_ROUNDS = 2000;
  /** The most time spent warming up. */
  static final Duration WARM_UP_BUDGET = Duration.ofSeconds(3);

  private final Options options;
  private final HttpServer server;
  private final ModelHolder holder;
  private final Router router;
  private final AtomicReference<ExecutorService> pool = new AtomicReference<>();
  private final AtomicInteger poolGeneration = new AtomicInteger();
  private volatile boolean stopped;

  private ModelServer(Options options, HttpServer server, ModelHolder holder, Router router) {
    this.options = options;
    this.server = server;
    this.holder = holder;
    this.router = router;
  }

  /** Loads {@code model} and serves it on 127.0.0.1:{@code port} (0: any free port) with {@code threads} workers. */
  public static ModelServer start(int port, Path model, int threads) throws IOException {
    return start(Options.of(model).withPort(port).withThreads(threads));
  }

  /**
   * Loads the model and starts serving. The model file is read before the port is bound: an
   * unusable file is a {@link dev.deepfm.core.io.ModelFileException} and nothing is started.
   */
  public static ModelServer start(Options options) throws IOException {
    ModelHolder holder = ModelHolder.load(options.model(), options.cacheEntries());
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()),
          options.backlog());
    } catch (IOException e) {
      holder.close();
      throw new IOException("cannot listen on " + options.host() + ":" + options.port() + " (" + e.getMessage() + ")", e);
    }
    // the port is bound but not yet served: connections wait in the backlog while the JIT compiles
    holder.current().recommender().warmUp(WARM_UP_ROUNDS, WARM_UP_BUDGET);
    Router router = new Router(holder, options.maxBodyBytes());
    RecommendHandler recommend = new RecommendHandler();
    ScoreHandler score = new ScoreHandler(options.maxPairs());
    InfoHandler info = new InfoHandler(holder, router::requests);
    AdminHandler admin = new AdminHandler(holder);
    router.route("GET", "/recommend", recommend::get)
        .route("POST", "/recommend", recommend::post)
        .route("POST", "/score", score::post)
        .route("GET", "/health", info::health)
        .route("GET", "/model", info::model)
        .route("POST", "/admin/reload", admin::reload);
    ModelServer s = new ModelServer(options, http, holder, router);
    s.pool.set(s.newPool());
    http.createContext("/", router);
    http.setExecutor(s.executor());
    holder.onReload(r -> {
      if (r.changed()) {
        s.recyclePool();
      }
    });
    http.start();
    if (options.watch()) {
      holder.watch(options.watchInterval());
    }
    return s;
  }

  private ExecutorService newPool() {
    int g = poolGeneration.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(options.threads(), options.threads(), 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "deepfm-http-" + g + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Hands each exchange to the current pool; a pool retired meanwhile hands over to its successor. */
  private Executor executor() {
    return task -> {
      while (true) {
        ExecutorService p = pool.get();
        try {
          p.execute(task);
          return;
        } catch (RejectedExecutionException e) {
          if (pool.get() == p) {
            throw e;
          }
        }
      }
    };
  }

  /** New worker threads: the old ones finish what they hold, then end with their per-thread scratch memory. */
  private synchronized void recyclePool() {
    if (stopped) {
      return;
    }
    pool.getAndSet(newPool()).shutdown();
  }

  /** The port bound (useful when started on port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL, such as {@code http://127.0.0.1:8080}. */
  public URI url() {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : server.getAddress().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** The served model and its reloads. */
  public ModelHolder holder() {
    return holder;
  }

  /** Requests received so far. */
  public long requests() {
    return router.requests();
  }

  /** The options it runs with. */
  public Options options() {
    return options;
  }

  /**
   * Stops accepting connections, lets requests in progress finish for up to {@code grace}, then
   * stops the workers and the file watch. Idempotent.
   */
  public void stop(Duration grace) {
    ExecutorService p;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      p = pool.get();
    }
    holder.close();
    server.stop((int) Math.min(60, (grace.toMillis() + 999) / 1000));
    p.shutdown();
    try {
      if (!p.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
        p.shutdownNow();
      }
    } catch (InterruptedException e) {
      p.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.log(System.Logger.Level.DEBUG, "stopped");
  }

  /** Stops at once ({@link #stop} without grace). */
  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
