package dev.deepfm.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a child process (this tool in a fresh JVM, or Python), timing it from launch to exit. */
final class Subprocess {
  /**
   * A finished child.
   *
   * @param status exit status
   * @param seconds wall time from launch to exit
   * @param output standard output and error, merged
   */
  record Result(int status, double seconds, String output) {}

  private Subprocess() {}

  /** The command line that starts this tool in a new JVM with this JVM's flags. */
  static List<String> selfCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.deepfm.cli.Main");
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs {@code command}, killing it after {@code timeoutSeconds}. */
  static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException,
      InterruptedException {
    Path log = Files.createTempFile("deepfm-bench-", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      double s = (System.nanoTime() - t0) / 1e9;
      return new Result(p.exitValue(), s, Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
