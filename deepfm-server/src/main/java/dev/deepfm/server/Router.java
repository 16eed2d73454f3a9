package dev.deepfm.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's only HTTP handler: matches the exact path and method, takes the model snapshot,
 * runs the endpoint and writes its JSON answer. Every failure becomes a JSON error body: 404 for an
 * unknown path, 405 with an Allow header for a wrong method, the {@link ApiError} status for a
 * refused request, and 500 (logged, no stack trace in the answer) only for the unexpected.
 */
final class Router implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());

  private final Map<String, Map<String, Endpoint>> routes = new LinkedHashMap<>();
  private final ModelHolder holder;
  private final int maxBodyBytes;
  private final LongAdder requests = new LongAdder();

  Router(ModelHolder holder, int maxBodyBytes) {
    this.holder = holder;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers {@code endpoint} for {@code method} on {@code path}. */
  Router route(String method, String path, Endpoint endpoint) {
    routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
    return this;
  }

  /** Requests received so far (all of them, answered with any status). */
  long requests() {
    return requests.sum();
  }

  @Override
  public void handle(HttpExchange exchange) {
    requests.increment();
    Reply reply;
    boolean close = false;
    try {
      reply = dispatch(exchange);
    } catch (Throwable e) {
      ApiError api = ApiError.of(e);
      if (api == null) {
        LOG.log(System.Logger.Level.ERROR, "unexpected failure on " + exchange.getRequestMethod() + " "
            + exchange.getRequestURI(), e);
        reply = new Reply(500, Json.error("internal server error (the server log has the details)"), Map.of());
      } else {
        Map<String, String> headers = api.allow().isEmpty() ? Map.of() : Map.of("Allow", String.join(", ", api.allow()));
        reply = new Reply(api.status(), Json.error(api.getMessage()), headers);
        close = api.closeConnection();
      }
    }
    send(exchange, reply, close);
  }

  private Reply dispatch(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    Map<String, Endpoint> byMethod = routes.get(path);
    if (byMethod == null) {
      List<String> known = new ArrayList<>();
      routes.forEach((p, m) -> known.add(String.join("|", m.keySet()) + " " + p));
      throw ApiError.notFound("no endpoint at " + path + " (endpoints: " + String.join(", ", known) + ")");
    }
    String method = exchange.getRequestMethod();
    Endpoint endpoint = byMethod.get(method);
    if (endpoint == null) {
      throw ApiError.methodNotAllowed(method, path, List.copyOf(byMethod.keySet()));
    }
    return endpoint.handle(new Request(exchange, holder.current(), maxBodyBytes));
  }

  private static void send(HttpExchange exchange, Reply reply, boolean close) {
    try {
      Headers h = exchange.getResponseHeaders();
      h.set("Content-Type", "application/json; charset=utf-8");
      h.set("Cache-Control", "no-store");
      reply.headers().forEach(h::set);
      if (close) {
        h.set("Connection", "close");
      }
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    } finally {
      exchange.close();
    }
  }
}
