package dev.deepfm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.core.serve.Recommendation;
import dev.deepfm.core.serve.Recommender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading the model: atomic swaps under concurrent load (no request fails, each answer comes
 * whole from one model, answers switch to the new model), refused files (the old model stays),
 * and watching the file.
 */
class ReloadTest {
  @TempDir
  static Path tmp;
  static ModelBundle a;
  static ModelBundle b;
  static List<String> users;
  static Map<String, List<Recommendation>> wantA = new HashMap<>();
  static Map<String, List<Recommendation>> wantB = new HashMap<>();

  @BeforeAll
  static void models() throws Exception {
    Path data = TestModels.data(tmp.resolve("ml"));
    a = TestModels.train(data, 1, true, tmp.resolve("a.deepfm"));
    b = TestModels.train(data, 2, true, tmp.resolve("b.deepfm"));
    Recommender ra = new Recommender(a);
    Recommender rb = new Recommender(b);
    users = a.userIds().ids().subList(0, 20);
    for (String u : users) {
      wantA.put(u, ra.recommend(u, 10));
      wantB.put(u, rb.recommend(u, 10));
    }
    assertThat(users).as("the two models answer differently").anyMatch(u -> !same(wantA.get(u), wantB.get(u)));
  }

  static boolean same(List<Recommendation> x, List<Recommendation> y) {
    return x.equals(y);
  }

  /** Whether an answer's items are exactly {@code want}. */
  static boolean matches(JsonNode items, List<Recommendation> want) {
    if (items.size() != want.size()) {
      return false;
    }
    for (int r = 0; r < want.size(); r++) {
      if (!items.get(r).path("item").asText().equals(want.get(r).itemId())
          || items.get(r).path("score").floatValue() != want.get(r).score()) {
        return false;
      }
    }
    return true;
  }

  record Seen(String sha, boolean matchesA, boolean matchesB) {}

  static void awaitCount(AtomicLong counter, long target, List<Throwable> failures) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (counter.get() < target && failures.isEmpty()) {
      assertThat(System.nanoTime()).as("clients made no progress").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void reloadsUnderLoadWithoutFailingARequest() throws Exception {
    Path served = tmp.resolve("served.deepfm");
    ModelFile.write(a, served);
    try (ModelServer server = ModelServer.start(0, served, 4)) {
      var url = server.url();
      Map<String, String> modelOfSha = new ConcurrentHashMap<>();
      modelOfSha.put(Http.get(url, "/health").json().path("model_sha256").asText(), "A");
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong done = new AtomicLong();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      Queue<Seen> seen = new ConcurrentLinkedQueue<>();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Random rnd = new Random(t);
        clients.add(new Thread(() -> {
          while (!stop.get()) {
            String user = users.get(rnd.nextInt(users.size()));
            try {
              Http.Answer ans = Http.get(url, "/recommend?user=" + user + "&k=10");
              assertThat(ans.status()).as(ans.json().toString()).isEqualTo(200);
              JsonNode items = ans.json().path("items");
              seen.add(new Seen(ans.headers().firstValue("X-Model-Sha256").orElse("?"),
                  matches(items, wantA.get(user)), matches(items, wantB.get(user))));
            } catch (Throwable e) {
              failures.add(e);
            }
            done.incrementAndGet();
          }
        }));
      }
      clients.forEach(Thread::start);
      try {
        for (int i = 0; i < 5; i++) {
          awaitCount(done, done.get() + 40, failures);
          boolean toB = i % 2 == 0;
          ModelFile.write(toB ? b : a, served);
          Http.Answer r = Http.post(url, "/admin/reload", null);
          assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
          assertThat(r.json().path("status").asText()).isEqualTo("reloaded");
          modelOfSha.put(r.json().path("sha256").asText(), toB ? "B" : "A");
          assertThat(r.json().path("generation").asLong()).isEqualTo(i + 2);
        }
        awaitCount(done, done.get() + 40, failures);
      } finally {
        stop.set(true);
        for (Thread t : clients) {
          t.join();
        }
      }
      assertThat(failures).isEmpty();
      assertThat(seen).hasSizeGreaterThanOrEqualTo(240);
      int[] byModel = new int[2];
      for (Seen s : seen) {
        String model = modelOfSha.get(s.sha());
        assertThat(model).as("answer from an unknown model " + s.sha()).isNotNull();
        // each answer comes whole from the model named in its header
        assertThat(model.equals("A") ? s.matchesA() : s.matchesB()).as("answer consistent with model " + model).isTrue();
        byModel[model.equals("A") ? 0 : 1]++;
      }
      assertThat(byModel[0]).isPositive();
      assertThat(byModel[1]).isPositive();
      // the last reload put B in place: every answer now is B's
      for (String u : users) {
        Http.Answer ans = Http.get(url, "/recommend?user=" + u + "&k=10");
        assertThat(matches(ans.json().path("items"), wantB.get(u))).isTrue();
        assertThat(modelOfSha.get(ans.headers().firstValue("X-Model-Sha256").orElseThrow())).isEqualTo("B");
      }
      assertThat(Http.get(url, "/health").json().path("model_generation").asLong()).isEqualTo(6);
    }
  }

  @Test
  void aBadFileIsRefusedAndTheOldModelStays() throws Exception {
    Path served = tmp.resolve("refused.deepfm");
    ModelFile.write(a, served);
    byte[] good = Files.readAllBytes(served);
    try (ModelServer server = ModelServer.start(0, served, 2)) {
      var url = server.url();
      String sha = Http.get(url, "/health").json().path("model_sha256").asText();
      Http.Answer same = Http.post(url, "/admin/reload", null);
      assertThat(same.status()).isEqualTo(200);
      assertThat(same.json().path("status").asText()).isEqualTo("unchanged");

      Files.writeString(served, "hello, I am not a model");
      Http.Answer r = Http.post(url, "/admin/reload", null);
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.error()).startsWith("reload failed, still serving the model loaded at ")
          .endsWith(served + ": not a deepfm model file (unknown format)");
      Http.Answer still = Http.get(url, "/recommend?user=" + users.get(0));
      assertThat(still.status()).isEqualTo(200);
      assertThat(still.headers().firstValue("X-Model-Sha256")).hasValue(sha);
      JsonNode health = Http.get(url, "/health").json();
      assertThat(health.path("model_sha256").asText()).isEqualTo(sha);
      assertThat(health.path("last_reload_error").path("message").asText()).contains("not a deepfm model file");

      Files.write(served, java.util.Arrays.copyOf(good, good.length / 2));
      Http.Answer cut = Http.post(url, "/admin/reload", null);
      assertThat(cut.status()).isEqualTo(409);
      assertThat(cut.error()).contains("truncated model file");

      Files.delete(served);
      assertThat(Http.post(url, "/admin/reload", null).error()).contains("no such model file");

      ModelFile.write(b, served);
      Http.Answer ok = Http.post(url, "/admin/reload", null);
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.json().path("previous_sha256").asText()).isEqualTo(sha);
      assertThat(Http.get(url, "/health").json().has("last_reload_error")).isFalse();
      assertThat(matches(Http.get(url, "/recommend?user=" + users.get(0) + "&k=10").json().path("items"),
          wantB.get(users.get(0)))).isTrue();
    }
  }

  @Test
  void watchingReloadsWhenTheFileChanges() throws Exception {
    Path served = tmp.resolve("watched.deepfm");
    ModelFile.write(a, served);
    var options = ModelServer.Options.of(served).withPort(0).withThreads(2).withWatch(true)
        .withWatchInterval(java.time.Duration.ofMillis(50));
    try (ModelServer server = ModelServer.start(options)) {
      var url = server.url();
      String before = Http.get(url, "/health").json().path("model_sha256").asText();
      ModelFile.write(b, served);
      String want = ModelHolder.sha256(Files.readAllBytes(served));
      long deadline = System.nanoTime() + 30_000_000_000L;
      String now = before;
      while (!now.equals(want) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        now = Http.get(url, "/health").json().path("model_sha256").asText();
      }
      assertThat(now).isEqualTo(want);
      assertThat(matches(Http.get(url, "/recommend?user=" + users.get(0) + "&k=10").json().path("items"),
          wantB.get(users.get(0)))).isTrue();
    }
  }
}
