package dev.deepfm.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as the handlers see it: method, path, decoded query parameters, a size-bounded body
 * and the model snapshot taken when the request arrived (used to the end, whatever reloads happen
 * meanwhile).
 */
final class Request {
  /** Bytes read and thrown away past the body limit, so that the client still gets its 413. */
  private static final long DRAIN_LIMIT = 16L << 20;

  private final HttpExchange exchange;
  private final ModelHolder.Loaded model;
  private final int maxBodyBytes;
  private Map<String, String> query;

  Request(HttpExchange exchange, ModelHolder.Loaded model, int maxBodyBytes) {
    this.exchange = exchange;
    this.model = model;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The model snapshot for this request. */
  ModelHolder.Loaded model() {
    return model;
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getRawPath();
  }

  /** The query parameters (first value of each); a malformed query is a 400. */
  Map<String, String> query() {
    if (query == null) {
      Map<String, String> q = new LinkedHashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null && !raw.isEmpty()) {
        for (String part : raw.split("&")) {
          if (part.isEmpty()) {
            continue;
          }
          int eq = part.indexOf('=');
          try {
            String key = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(key, value);
          } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed query string: " + e.getMessage());
          }
        }
      }
      query = q;
    }
    return query;
  }

  /** Refuses query parameters other than {@code allowed}. */
  void onlyParameters(String... allowed) {
    for (String key : query().keySet()) {
      if (!java.util.Arrays.asList(allowed).contains(key)) {
        throw ApiError.badRequest("unknown query parameter '" + key + "' (expected "
            + (allowed.length == 0 ? "none" : String.join(", ", allowed)) + ")");
      }
    }
  }

  /** The body, at most the configured size (413 beyond). */
  byte[] body() throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("malformed Content-Length header");
      }
    }
    InputStream in = exchange.getRequestBody();
    if (length > maxBodyBytes) {
      drain(in);
      throw tooLarge();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > maxBodyBytes) {
        drain(in);
        throw tooLarge();
      }
    }
    return out.toByteArray();
  }

  private ApiError tooLarge() {
    return ApiError.tooLarge("request body too large (at most " + maxBodyBytes + " bytes)");
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while (total < DRAIN_LIMIT && (n = in.read(buf)) > 0) {
      total += n;
    }
  }
}
