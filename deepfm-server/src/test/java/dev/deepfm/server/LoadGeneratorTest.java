package dev.deepfm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator, briefly and at a low rate, against a real server. */
class LoadGeneratorTest {
  @TempDir
  static Path tmp;
  static ModelServer server;

  @BeforeAll
  static void start() throws Exception {
    Path model = tmp.resolve("m.deepfm");
    TestModels.train(TestModels.data(tmp.resolve("ml")), 3, true, model);
    server = ModelServer.start(0, model, 2);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void openLoopSendsOnScheduleAndReportsSaneNumbers() throws Exception {
    LoadGenerator.Report r = LoadGenerator.run(LoadGenerator.Options.openLoop(server.url(), 100, Duration.ofSeconds(1))
        .withReloadAt(Duration.ofMillis(500)));
    assertThat(r.mode()).isEqualTo("open-loop");
    assertThat(r.sent()).isEqualTo(100);
    assertThat(r.completed()).isEqualTo(100);
    assertThat(r.errors()).isZero();
    assertThat(r.outcomes()).containsExactly(java.util.Map.entry("200", 100L));
    assertThat(r.elapsedSeconds()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.throughput()).isPositive().isLessThanOrEqualTo(100 / 0.99);
    assertThat(r.p50Millis()).isPositive();
    assertThat(r.p50Millis()).isLessThanOrEqualTo(r.p95Millis());
    assertThat(r.p95Millis()).isLessThanOrEqualTo(r.p99Millis());
    assertThat(r.p99Millis()).isLessThanOrEqualTo(r.maxMillis());
    assertThat(r.meanMillis()).isPositive().isLessThanOrEqualTo(r.maxMillis());
    assertThat(r.reload()).isNotNull();
    assertThat(r.reload().status()).isEqualTo(200);
    assertThat(r.reload().message()).isEqualTo("unchanged");
    assertThat(r.reload().atSeconds()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.format()).contains("100 sent, 100 completed, 0 errors").contains("p99").contains("reload at");
    assertThat(r.toMap()).containsKeys("sent", "completed", "errors", "throughput_per_s", "latency_ms", "reload");
  }

  @Test
  void closedLoopRunsItsClientsForTheDuration() throws Exception {
    LoadGenerator.Report r = LoadGenerator.run(LoadGenerator.Options.closedLoop(server.url(), 2, Duration.ofMillis(500)));
    assertThat(r.mode()).isEqualTo("closed-loop");
    assertThat(r.completed()).isPositive();
    assertThat(r.errors()).isZero();
    assertThat(r.sent()).isEqualTo(r.completed());
    assertThat(r.p50Millis()).isLessThanOrEqualTo(r.maxMillis());
    assertThat(r.format()).contains("closed loop").contains("2 clients");
  }

  @Test
  void countsErrorAnswersAndUnreachableServers() throws Exception {
    LoadGenerator.Report r = LoadGenerator.run(LoadGenerator.Options.openLoop(server.url(), 50, Duration.ofMillis(200))
        .withUsers(List.of("nobody")));
    assertThat(r.sent()).isEqualTo(10);
    assertThat(r.completed()).isZero();
    assertThat(r.errors()).isEqualTo(10);
    assertThat(r.outcomes()).containsExactly(java.util.Map.entry("404", 10L));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LoadGenerator.Report down = LoadGenerator.run(LoadGenerator.Options.openLoop(URI.create("http://127.0.0.1:" + port),
        50, Duration.ofMillis(100)).withUsers(List.of("1")));
    assertThat(down.errors()).isEqualTo(down.sent()).isEqualTo(5);
    assertThat(down.outcomes()).containsOnlyKeys("io");
    assertThatThrownBy(() -> LoadGenerator.run(LoadGenerator.Options.openLoop(URI.create("http://127.0.0.1:" + port),
        50, Duration.ofMillis(100)))).hasMessageContaining("cannot reach http://127.0.0.1:" + port);
  }

  @Test
  void refusesAnyHostButTheLoopback() {
    for (String url : new String[] {"http://example.com:8080", "http://10.1.2.3:8080", "http://192.168.0.1",
        "http://0.0.0.0:8080", "https://127.0.0.1:8080", "http://127.0.0.1.example.com:8080"}) {
      assertThatThrownBy(() -> LoadGenerator.Options.openLoop(URI.create(url), 10, Duration.ofSeconds(1)))
          .as(url).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("load generator");
    }
    for (String url : new String[] {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"}) {
      LoadGenerator.checkLoopback(URI.create(url));
    }
  }

  @Test
  void isBoundedInRateTimeAndConcurrency() {
    URI u = URI.create("http://127.0.0.1:8080");
    assertThatThrownBy(() -> LoadGenerator.Options.openLoop(u, 0, Duration.ofSeconds(1))).hasMessageContaining("rate");
    assertThatThrownBy(() -> LoadGenerator.Options.openLoop(u, 1e6, Duration.ofSeconds(1))).hasMessageContaining("rate");
    assertThatThrownBy(() -> LoadGenerator.Options.openLoop(u, 10, Duration.ofHours(2))).hasMessageContaining("duration");
    assertThatThrownBy(() -> LoadGenerator.Options.closedLoop(u, 5000, Duration.ofSeconds(1))).hasMessageContaining("concurrency");
    assertThatThrownBy(() -> LoadGenerator.Options.openLoop(u, 10, Duration.ofSeconds(1)).withReloadAt(Duration.ofSeconds(2)))
        .hasMessageContaining("reload time must be within the run");
  }

  @Test
  void histogramPercentilesAreWithinOnePercent() {
    for (long v = 0; v < 5_000_000L; v = v < 1000 ? v + 1 : v + v / 97) {
      int i = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.upper(i)).as("upper of " + v).isGreaterThanOrEqualTo(v).isLessThanOrEqualTo(v + v / 120 + 1);
      assertThat(LatencyHistogram.index(v + 1)).isGreaterThanOrEqualTo(i);
    }
    LatencyHistogram h = new LatencyHistogram();
    for (int ms = 1; ms <= 1000; ms++) {
      h.record(ms * 1_000_000L);
    }
    assertThat(h.count()).isEqualTo(1000);
    assertThat(h.percentileMillis(0.5)).isBetween(500.0, 505.0);
    assertThat(h.percentileMillis(0.99)).isBetween(990.0, 998.0);
    assertThat(h.maxMillis()).isEqualTo(1000.0);
    assertThat(h.meanMillis()).isEqualTo(500.5);
  }
}
