package dev.deepfm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.io.ModelFileException;
import dev.deepfm.core.serve.Recommendation;
import dev.deepfm.core.serve.Recommender;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP API end to end, on port 0, with small models trained on generated MovieLens-format
 * data: every endpoint, every refused request (status and JSON error, never a 5xx), and the
 * answers checked against the in-process {@link Recommender}.
 */
class ModelServerTest {
  @TempDir
  static Path tmp;
  static Path data;
  static Path modelA;
  static Path plainModel;
  static Recommender expected;
  static ModelServer server;
  static ModelServer plainServer;
  static URI url;

  @BeforeAll
  static void start() throws Exception {
    data = TestModels.data(tmp.resolve("ml"));
    modelA = tmp.resolve("a.deepfm");
    TestModels.train(data, 1, true, modelA);
    plainModel = tmp.resolve("plain.deepfm");
    TestModels.train(data, 1, false, plainModel);
    expected = Recommender.load(modelA);
    server = ModelServer.start(0, modelA, 4);
    url = server.url();
    plainServer = ModelServer.start(0, plainModel, 2);
  }

  @AfterAll
  static void stop() {
    server.close();
    plainServer.close();
  }

  static String firstUser() {
    return expected.bundle().userIds().id(0);
  }

  /** The items of an answer match the in-process recommendations exactly. */
  static void assertItems(JsonNode items, List<Recommendation> want) {
    assertThat(items).hasSize(want.size());
    for (int r = 0; r < want.size(); r++) {
      JsonNode it = items.get(r);
      Recommendation w = want.get(r);
      assertThat(it.path("rank").asInt()).isEqualTo(r + 1);
      assertThat(it.path("item").asText()).isEqualTo(w.itemId());
      assertThat(it.path("title").asText()).isEqualTo(w.title());
      List<String> genres = new ArrayList<>();
      it.path("genres").forEach(g -> genres.add(g.asText()));
      assertThat(genres).isEqualTo(w.tags());
      assertThat(it.path("score").floatValue()).isEqualTo(w.score());
      assertThat(it.path("probability").floatValue()).isEqualTo((float) w.probability());
    }
  }

  @Test
  void recommendsForAKnownUser() throws Exception {
    String user = firstUser();
    Http.Answer a = Http.get(url, "/recommend?user=" + user + "&k=5");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("user").asText()).isEqualTo(user);
    assertThat(a.json().path("k").asInt()).isEqualTo(5);
    assertItems(a.json().path("items"), expected.recommend(user, 5));
    assertThat(a.headers().firstValue("X-Model-Sha256")).hasValue(ModelHolder.sha256(Files.readAllBytes(modelA)));
    Http.Answer d = Http.get(url, "/recommend?user=" + user);
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.json().path("k").asInt()).isEqualTo(10);
    assertItems(d.json().path("items"), expected.recommend(user, 10));
    int all = expected.itemCount();
    Http.Answer max = Http.get(url, "/recommend?user=" + user + "&k=" + all);
    assertThat(max.status()).isEqualTo(200);
    assertThat(max.json().path("items").size()).isLessThan(all).isGreaterThan(all - 13);
  }

  @Test
  void recommendsForANewUserFromFeatures() throws Exception {
    Http.Answer a = Http.post(url, "/recommend",
        "{\"features\": {\"age\": 25, \"gender\": \"F\", \"occupation\": \"writer\"}, \"k\": 5}");
    assertThat(a.status()).as(a.json().toString()).isEqualTo(200);
    assertThat(a.json().path("user").isNull()).isTrue();
    assertThat(a.json().path("k").asInt()).isEqualTo(5);
    assertItems(a.json().path("items"),
        expected.recommendNew(Map.of("age", "25", "gender", "F", "occupation", "writer"), 5));
    Http.Answer s = Http.post(url, "/recommend",
        "{\"features\": {\"age\": \"25-34\", \"gender\": \"f\", \"occupation\": \"writer\"}}");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.json().path("items").size()).isEqualTo(10);
    assertThat(s.json().path("items").get(0)).isEqualTo(a.json().path("items").get(0));
  }

  @Test
  void scoresPairs() throws Exception {
    var users = expected.bundle().userIds();
    var items = expected.bundle().itemIds();
    List<String> us = List.of(users.id(0), users.id(1), users.id(2));
    List<String> is = List.of(items.id(0), items.id(5), items.id(7));
    Http.Answer a = Http.post(url, "/score", "{\"pairs\": [{\"user\": \"" + us.get(0) + "\", \"item\": \"" + is.get(0)
        + "\"}, {\"user\": " + us.get(1) + ", \"item\": \"" + is.get(1) + "\"}, {\"user\": \"" + us.get(2)
        + "\", \"item\": " + is.get(2) + "}]}");
    assertThat(a.status()).as(a.json().toString()).isEqualTo(200);
    float[] want = expected.score(us, is);
    JsonNode scores = a.json().path("scores");
    assertThat(scores).hasSize(3);
    for (int j = 0; j < 3; j++) {
      assertThat(scores.get(j).path("user").asText()).isEqualTo(us.get(j));
      assertThat(scores.get(j).path("item").asText()).isEqualTo(is.get(j));
      assertThat(scores.get(j).path("score").floatValue()).isEqualTo(want[j]);
      double p = scores.get(j).path("probability").asDouble();
      assertThat(p).isBetween(0.0, 1.0).isCloseTo(1 / (1 + Math.exp(-want[j])), org.assertj.core.data.Offset.offset(1e-6));
    }
    Http.Answer empty = Http.post(url, "/score", "{\"pairs\": []}");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.json().path("scores")).isEmpty();
  }

  @Test
  void healthAndModel() throws Exception {
    Http.Answer h = Http.get(url, "/health");
    assertThat(h.status()).isEqualTo(200);
    assertThat(h.json().path("status").asText()).isEqualTo("ok");
    assertThat(java.time.Instant.parse(h.json().path("model_loaded_at").asText())).isNotNull();
    long before = h.json().path("requests").asLong();
    assertThat(before).isPositive();
    assertThat(Http.get(url, "/health").json().path("requests").asLong()).isGreaterThan(before);

    Http.Answer m = Http.get(url, "/model");
    assertThat(m.status()).isEqualTo(200);
    JsonNode j = m.json();
    assertThat(j.path("path").asText()).isEqualTo(modelA.toAbsolutePath().toString());
    assertThat(j.path("sha256").asText()).isEqualTo(ModelHolder.sha256(Files.readAllBytes(modelA)));
    assertThat(j.path("format_version").asInt()).isEqualTo(ModelFile.FORMAT_VERSION);
    assertThat(j.path("users").asInt()).isEqualTo(expected.bundle().userIds().size());
    assertThat(j.path("items").asInt()).isEqualTo(expected.itemCount());
    assertThat(j.path("schema").get(0).path("name").asText()).isEqualTo("user_id");
    assertThat(j.path("schema").get(0).path("oov").asBoolean()).isTrue();
    assertThat(j.path("schema")).hasSize(expected.bundle().model().schema().size());
    assertThat(j.path("cold_start").asBoolean()).isTrue();
    assertThat(j.path("new_user_features").toString()).isEqualTo("[\"age\",\"gender\",\"occupation\"]");
    assertThat(j.path("user_ids_sample")).hasSize(Math.min(1000, expected.bundle().userIds().size()));
    assertThat(j.path("provenance").path("seed").asLong()).isEqualTo(1);
    assertThat(j.path("provenance").path("data").path("fingerprint").asText()).hasSize(16);
    assertThat(j.path("model").path("type").asText()).isEqualTo("deepfm");
    assertThat(Http.get(plainServer.url(), "/model").json().path("cold_start").asBoolean()).isFalse();
  }

  static Stream<Arguments> badRequests() {
    String user = "1";
    String features = "{\"age\": 25, \"gender\": \"F\", \"occupation\": \"writer\"}";
    StringBuilder many = new StringBuilder("{\"pairs\": [");
    for (int i = 0; i <= 10_000; i++) {
      many.append(i == 0 ? "" : ",").append("{\"user\": \"1\", \"item\": \"1\"}");
    }
    many.append("]}");
    String huge = "{\"pairs\": [], \"pad\": \"" + "x".repeat((1 << 20) + 10) + "\"}";
    return Stream.of(
        Arguments.of("GET", "/recommend?user=nobody", null, 404, "unknown user 'nobody'"),
        Arguments.of("GET", "/recommend", null, 400, "missing query parameter 'user'"),
        Arguments.of("GET", "/recommend?user=", null, 400, "missing query parameter 'user'"),
        Arguments.of("GET", "/recommend?user=" + user + "&k=abc", null, 400, "k must be an integer"),
        Arguments.of("GET", "/recommend?user=" + user + "&k=1.5", null, 400, "k must be an integer"),
        Arguments.of("GET", "/recommend?user=" + user + "&k=0", null, 400, "k must be in 1.."),
        Arguments.of("GET", "/recommend?user=" + user + "&k=-3", null, 400, "k must be in 1.."),
        Arguments.of("GET", "/recommend?user=" + user + "&k=100000", null, 400, "k must be in 1.."),
        Arguments.of("GET", "/recommend?user=" + user + "&k=99999999999", null, 400, "k must be an integer"),
        Arguments.of("GET", "/recommend?user=" + user + "&count=3", null, 400, "unknown query parameter 'count'"),
        Arguments.of("POST", "/recommend", "{", 400, "not valid JSON"),
        Arguments.of("POST", "/recommend", "{\"features\": {}} trailing", 400, "not valid JSON"),
        Arguments.of("POST", "/recommend", "", 400, "request body is empty"),
        Arguments.of("POST", "/recommend", "[1, 2]", 400, "must be a JSON object, not an array"),
        Arguments.of("POST", "/recommend", "{\"k\": 5}", 400, "missing field 'features'"),
        Arguments.of("POST", "/recommend", "{\"features\": \"F\"}", 400, "features must be an object"),
        Arguments.of("POST", "/recommend", "{\"features\": {\"age\": true, \"gender\": \"F\", \"occupation\": \"writer\"}}",
            400, "feature 'age' must be a string or a number"),
        Arguments.of("POST", "/recommend", "{\"features\": " + features + ", \"k\": \"ten\"}", 400, "k must be an integer"),
        Arguments.of("POST", "/recommend", "{\"features\": " + features + ", \"k\": 2.5}", 400, "k must be an integer"),
        Arguments.of("POST", "/recommend", "{\"features\": " + features + ", \"k\": 0}", 400, "k must be in 1.."),
        Arguments.of("POST", "/recommend", "{\"features\": " + features + ", \"user\": \"1\"}", 400, "unknown field 'user'"),
        Arguments.of("POST", "/recommend", "{\"features\": {\"age\": 25}}", 400, "missing feature 'gender'"),
        Arguments.of("POST", "/recommend", "{\"features\": {\"age\": 25, \"gender\": \"F\", \"occupation\": \"writer\", "
            + "\"shoe\": 42}}", 400, "unknown feature 'shoe'"),
        Arguments.of("POST", "/recommend", "{\"features\": {\"age\": 25, \"gender\": \"F\", \"occupation\": \"astronaut\"}}",
            400, "unknown value 'astronaut'"),
        Arguments.of("POST", "/recommend", "{\"features\": {\"age\": 120, \"gender\": \"F\", \"occupation\": \"writer\"}}",
            400, "outside every range"),
        Arguments.of("POST", "/score", "{\"pairs\": [{\"user\": \"nobody\", \"item\": \"1\"}]}", 404,
            "pairs[0]: unknown user 'nobody'"),
        Arguments.of("POST", "/score", "{\"pairs\": [{\"user\": \"1\", \"item\": \"1\"}, {\"user\": \"1\", \"item\": \"x\"}]}",
            404, "pairs[1]: unknown item 'x'"),
        Arguments.of("POST", "/score", "{}", 400, "missing field 'pairs'"),
        Arguments.of("POST", "/score", "{\"pairs\": {\"user\": \"1\"}}", 400, "pairs must be an array"),
        Arguments.of("POST", "/score", "{\"pairs\": [7]}", 400, "pairs[0] must be an object"),
        Arguments.of("POST", "/score", "{\"pairs\": [{\"user\": \"1\"}]}", 400, "missing pairs[0].item"),
        Arguments.of("POST", "/score", "{\"pairs\": [{\"user\": true, \"item\": \"1\"}]}", 400,
            "pairs[0].user must be a string or an integer"),
        Arguments.of("POST", "/score", "{\"pairs\": [{\"user\": \"1\", \"item\": \"1\", \"weight\": 2}]}", 400,
            "unknown field 'weight' in pairs[0]"),
        Arguments.of("POST", "/score", many.toString(), 413, "too many pairs: 10001"),
        Arguments.of("POST", "/score", huge, 413, "request body too large"),
        Arguments.of("PUT", "/recommend", "{}", 405, "PUT is not allowed on /recommend"),
        Arguments.of("DELETE", "/score", null, 405, "DELETE is not allowed on /score"),
        Arguments.of("GET", "/score", null, 405, "GET is not allowed on /score"),
        Arguments.of("GET", "/admin/reload", null, 405, "GET is not allowed on /admin/reload"),
        Arguments.of("POST", "/health", "{}", 405, "POST is not allowed on /health"),
        Arguments.of("GET", "/health?verbose=1", null, 400, "unknown query parameter 'verbose'"),
        Arguments.of("GET", "/nope", null, 404, "no endpoint at /nope"),
        Arguments.of("GET", "/recommend/", null, 404, "no endpoint at /recommend/"),
        Arguments.of("GET", "/recommendations?user=1", null, 404, "no endpoint at /recommendations"),
        Arguments.of("GET", "/", null, 404, "no endpoint at /"));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("badRequests")
  void refusesBadRequestsWithAJsonError(String method, String path, String body, int status, String message)
      throws Exception {
    Http.Answer a = Http.send(url, method, path, body);
    assertThat(a.status()).as(a.json().toString()).isEqualTo(status);
    assertThat(a.json().size()).isEqualTo(1);
    assertThat(a.error()).contains(message).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    if (status == 405) {
      assertThat(a.headers().firstValue("Allow")).isPresent();
    }
  }

  @Test
  void wrongMethodNamesTheAllowedOnes() throws Exception {
    assertThat(Http.send(url, "PUT", "/recommend", "{}").headers().firstValue("Allow")).hasValue("GET, POST");
    assertThat(Http.send(url, "GET", "/score", null).headers().firstValue("Allow")).hasValue("POST");
    assertThat(Http.send(url, "DELETE", "/model", null).headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void newUserOnAModelWithoutColdStartIs422() throws Exception {
    Http.Answer a = Http.post(plainServer.url(), "/recommend",
        "{\"features\": {\"age\": 25, \"gender\": \"F\", \"occupation\": \"writer\"}}");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.error()).isEqualTo("this model was trained without cold-start support, so it cannot recommend "
        + "for new users (train it with --cold-start)");
    assertThat(Http.get(plainServer.url(), "/recommend?user=" + firstUser()).status()).isEqualTo(200);
  }

  @Test
  void concurrentRequestsAllSucceedWithConsistentAnswers() throws Exception {
    var ids = expected.bundle().userIds();
    int users = Math.min(20, ids.size());
    Map<String, List<Recommendation>> want = new java.util.HashMap<>();
    for (int u = 0; u < users; u++) {
      want.put(ids.id(u), expected.recommend(ids.id(u), 10));
    }
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int seed = t;
      threads.add(new Thread(() -> {
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0; i < 200; i++) {
          String user = ids.id(rnd.nextInt(users));
          try {
            Http.Answer a = Http.get(url, "/recommend?user=" + user + "&k=10");
            assertThat(a.status()).isEqualTo(200);
            assertItems(a.json().path("items"), want.get(user));
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void anUnusableModelFileIsRefusedAtStart() throws Exception {
    Path bad = tmp.resolve("bad.deepfm");
    Files.writeString(bad, "not a model");
    assertThatThrownBy(() -> ModelServer.start(0, bad, 1)).isInstanceOf(ModelFileException.class)
        .hasMessageContaining("not a deepfm model file");
    assertThatThrownBy(() -> ModelServer.start(0, tmp.resolve("missing.deepfm"), 1))
        .isInstanceOf(ModelFileException.class).hasMessageContaining("no such model file");
  }

  @Test
  void inProcessAnswersAreTheSameModel() {
    ModelBundle b = ModelFile.read(modelA);
    assertThat(b.userIds().ids()).isEqualTo(expected.bundle().userIds().ids());
  }
}
