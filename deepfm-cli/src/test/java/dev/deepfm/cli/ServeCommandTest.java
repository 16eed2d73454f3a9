package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepfm serve} (run in a thread, stopped by interruption) and {@code deepfm loadtest} against it. */
class ServeCommandTest {
  @TempDir
  Path tmp;

  @Test
  void servesUntilInterruptedAndLoadTests() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 42, 60, 90, 12);
    CliRunner.Result train = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("run").toString(),
        "--epochs", "1", "--threads", "1", "--hidden", "32,16", "-q");
    assertThat(train.status()).as(train.err()).isZero();
    Path model = tmp.resolve("run/model.deepfm");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int[] status = {-1};
    Thread serve = new Thread(() -> status[0] = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
        "serve", "--model", model.toString(), "--port", "0", "--threads", "2"));
    serve.start();
    try {
      Matcher m = Pattern.compile("Listening on (http://\\S+)").matcher("");
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!m.reset(out.toString()).find()) {
        assertThat(System.nanoTime()).as("server start; err: " + err).isLessThan(deadline);
        assertThat(serve.isAlive()).as("serve ended early: " + err).isTrue();
        Thread.sleep(20);
      }
      String url = m.group(1);
      assertThat(out.toString()).startsWith("Serving " + model + " (60 users, ");
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);

      Path json = tmp.resolve("load.json");
      CliRunner.Result load = CliRunner.run("loadtest", "--url", url, "--rate", "50", "--duration", "500ms",
          "--reload-at", "200ms", "--json", json.toString());
      assertThat(load.status()).as(load.err()).isZero();
      assertThat(load.out()).contains("open loop: 50 req/s for 0.5 s").contains("25 sent, 25 completed, 0 errors")
          .contains("reload at").contains("HTTP 200");
      JsonNode report = new ObjectMapper().readTree(json.toFile());
      assertThat(report.path("sent").asLong()).isEqualTo(25);
      assertThat(report.path("errors").asLong()).isZero();
      assertThat(report.path("latency_ms").path("p99").asDouble()).isPositive();

      CliRunner.Result closed = CliRunner.run("loadtest", "--url", url, "--max-throughput", "--concurrency", "2",
          "--duration", "300ms");
      assertThat(closed.status()).as(closed.err()).isZero();
      assertThat(closed.out()).contains("closed loop (max throughput): 2 clients").contains(" 0 errors");
    } finally {
      serve.interrupt();
      serve.join(30_000);
    }
    assertThat(serve.isAlive()).isFalse();
    assertThat(status[0]).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Stopped after ");
  }

  @Test
  void loadtestRefusesOtherHostsAndBadDurations() {
    CliRunner.Result r = CliRunner.run("loadtest", "--url", "http://example.com:8080", "--duration", "1s");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: the load generator only targets this machine (127.0.0.1, localhost "
        + "or ::1), not example.com");
    CliRunner.Result d = CliRunner.run("loadtest", "--duration", "soon");
    assertThat(d.err().strip()).isEqualTo("error: --duration must be a duration such as 500ms, 10s or 2m, not 'soon'");
    assertThat(LoadTestCommand.parseDuration("1.5s", "x").toMillis()).isEqualTo(1500);
    assertThat(LoadTestCommand.parseDuration("250ms", "x").toMillis()).isEqualTo(250);
    assertThat(LoadTestCommand.parseDuration("2m", "x").toSeconds()).isEqualTo(120);
    assertThat(LoadTestCommand.parseDuration("3", "x").toSeconds()).isEqualTo(3);
  }

  @Test
  void serveRefusesABadModelOrABusyPort() throws Exception {
    Path bad = tmp.resolve("bad.deepfm");
    Files.writeString(bad, "not a model");
    CliRunner.Result r = CliRunner.run("serve", "--model", bad.toString(), "--port", "0");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: " + bad + ": not a deepfm model file (unknown format)");
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 42, 30, 40, 6);
    CliRunner.Result train = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("run").toString(),
        "--epochs", "1", "--threads", "1", "--hidden", "16", "-q");
    assertThat(train.status()).as(train.err()).isZero();
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      CliRunner.Result b = CliRunner.run("serve", "--model", tmp.resolve("run/model.deepfm").toString(), "--port",
          Integer.toString(busy.getLocalPort()));
      assertThat(b.status()).isEqualTo(1);
      assertThat(b.err().strip()).startsWith("error: cannot listen on 127.0.0.1:" + busy.getLocalPort());
    }
  }
}
