package dev.deepfm.cli;

import dev.deepfm.server.ModelHolder;
import dev.deepfm.server.ModelServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepfm serve}: the HTTP JSON API over a model file, until interrupted (Ctrl-C stops it
 * cleanly through a shutdown hook; interrupting the calling thread does too).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve a model over HTTP: recommendations, scores, health, model info, reload.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file.")
  Path model;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE} (this machine only).")
  String host;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: 2 per processor.")
  Integer threads;

  @Option(names = "--cache", paramLabel = "N",
      description = "Known-user answers kept per loaded model, a pure function of the model (0: compute every request). Default: 100000.")
  Integer cache;

  @Option(names = "--watch", description = "Reload the model when its file changes (checked every second).")
  boolean watch;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelServer.Options options = ModelServer.Options.of(model).withHost(host).withPort(port).withWatch(watch);
    if (cache != null) {
      options = options.withCacheEntries(cache);
    }
    if (threads != null) {
      options = options.withThreads(threads);
    }
    ModelServer server = ModelServer.start(options);
    ModelHolder.Loaded m = server.holder().current();
    server.holder().onReload(r -> {
      synchronized (out) {
        if (!r.ok()) {
          out.println("reload failed, still serving the previous model: " + r.error());
        } else {
          out.printf(Locale.ROOT, "%s model (sha256 %s) in %.2f s%n", r.changed() ? "reloaded" : "unchanged",
              r.current().sha256().substring(0, 12), r.seconds());
        }
        out.flush();
      }
    });
    synchronized (out) {
      out.printf(Locale.ROOT, "Serving %s (%,d users, %,d items, sha256 %s) with %d threads%s%n", model,
          m.recommender().bundle().userIds().size(), m.recommender().itemCount(), m.sha256().substring(0, 12),
          options.threads(), watch ? ", reloading when the file changes" : "");
      out.println("Listening on " + server.url() + "  (GET /recommend?user=ID&k=10, POST /recommend, POST /score, "
          + "GET /health, GET /model, POST /admin/reload; Ctrl-C stops)");
      out.flush();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // the JVM halts as soon as the hooks are done: the hook says goodbye itself
    Thread hook = new Thread(() -> {
      stop(server, Duration.ofSeconds(2), out);
      stopped.countDown();
    }, "deepfm-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        return 0;
      }
      stop(server, Duration.ZERO, out);
    }
    return 0;
  }

  private static void stop(ModelServer server, Duration grace, PrintWriter out) {
    server.stop(grace);
    synchronized (out) {
      out.println("Stopped after " + server.requests() + " requests.");
      out.flush();
    }
  }
}
