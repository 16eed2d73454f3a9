package dev.deepfm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the tests: every answer must be JSON. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** One answer. */
  record Answer(int status, JsonNode json, HttpHeaders headers) {
    /** The error message of an error answer. */
    String error() {
      return json.path("error").asText();
    }
  }

  private Http() {}

  static Answer get(URI base, String path) throws IOException, InterruptedException {
    return send(base, "GET", path, null);
  }

  static Answer post(URI base, String path, String body) throws IOException, InterruptedException {
    return send(base, "POST", path, body);
  }

  static Answer send(URI base, String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.headers().firstValue("Content-Type")).as(method + " " + path).hasValue("application/json; charset=utf-8");
    return new Answer(r.statusCode(), JSON.readTree(r.body()), r.headers());
  }
}
