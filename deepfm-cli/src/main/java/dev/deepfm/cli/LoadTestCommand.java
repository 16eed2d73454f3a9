package dev.deepfm.cli;

import dev.deepfm.server.LoadGenerator;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepfm loadtest}: drives a local {@code deepfm serve} with {@link LoadGenerator} (open loop
 * at a rate, or closed loop at maximum throughput) and prints the report.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Load-test a local deepfm server with GET /recommend requests and report latency and throughput.")
final class LoadTestCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min)?");

  @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "The server (this machine only). Default: ${DEFAULT-VALUE}.")
  String url;

  @Option(names = "--rate", paramLabel = "N", defaultValue = "200", description = "Open loop: requests per second. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s",
      description = "How long to send requests (500ms, 10s, 2m). Default: ${DEFAULT-VALUE}.")
  String duration;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Closed loop: clients (default 8). Open loop: most requests in flight (default 256).")
  Integer concurrency;

  @Option(names = "--max-throughput", description = "Closed loop: each client sends its next request as soon as "
      + "the previous one is answered.")
  boolean maxThroughput;

  @Option(names = "--reload-at", paramLabel = "TIME", description = "Send POST /admin/reload this long into the run.")
  String reloadAt;

  @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "10", description = "Items per request. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--users", paramLabel = "ID", split = ",",
      description = "User ids to pick from. Default: those the server lists at GET /model.")
  List<String> users;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds the choice of users. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** Parses "500ms", "10s", "1.5s", "2m" (a bare number is seconds). */
  static Duration parseDuration(String text, String option) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new Main.UsageException(option + " must be a duration such as 500ms, 10s or 2m, not '" + text + "'");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double nanos = v * switch (unit) {
      case "ms" -> 1e6;
      case "s" -> 1e9;
      default -> 60e9;
    };
    return Duration.ofNanos((long) nanos);
  }

  @Override
  public Integer call() throws Exception {
    URI base;
    try {
      base = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--url: not a URL: " + url);
    }
    int c = concurrency != null ? concurrency : maxThroughput ? 8 : 256;
    LoadGenerator.Options options = new LoadGenerator.Options(base, maxThroughput ? 0 : rate,
        parseDuration(duration, "--duration"), c, maxThroughput,
        reloadAt == null ? null : parseDuration(reloadAt, "--reload-at"), k, users, seed, Duration.ofSeconds(10));
    PrintWriter out = spec.commandLine().getOut();
    LoadGenerator.Report report = LoadGenerator.run(options);
    out.print(report.format());
    out.flush();
    if (json != null) {
      Json.MAPPER.writeValue(json.toFile(), report.toMap());
    }
    return 0;
  }
}
