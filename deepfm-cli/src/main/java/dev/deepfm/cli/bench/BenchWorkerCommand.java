package dev.deepfm.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.core.train.AdamMode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The hidden {@code deepfm bench-worker}: one scaling measurement in its own JVM, as one JSON line. */
@Command(name = "bench-worker", hidden = true, description = "Internal: one scaling measurement for deepfm bench.")
public final class BenchWorkerCommand implements Callable<Integer> {
  @Option(names = "--scale", required = true)
  double scale;

  @Option(names = "--adam", defaultValue = "lazy")
  String adam;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--epochs", defaultValue = "2")
  int epochs;

  @Override
  public Integer call() throws Exception {
    var result = ScaleWorker.run(scale, AdamMode.valueOf(adam.toUpperCase(Locale.ROOT)), threads, epochs);
    System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
    return 0;
  }
}
