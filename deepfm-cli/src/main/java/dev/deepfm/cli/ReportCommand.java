package dev.deepfm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfm.cli.report.HtmlReport;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deepfm report}: one self-contained HTML page about a run folder (summary, configuration,
 * training curves, test metrics, the comparison when there is one, embedding analysis), written
 * atomically.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write one self-contained HTML report (no script, no network) of a training run.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run folder written by deepfm train.")
  Path runDir;

  @Option(names = "--comparison", paramLabel = "DIR",
      description = "A folder written by deepfm compare. Default: RUN_DIR itself if it holds comparison.json.")
  Path comparison;

  @Option(names = "--movie", paramLabel = "ID|TITLE",
      description = "List the movies nearest to this one (id, or part of the title); repeatable. Default: item 50, else the first item.")
  List<String> movies;

  @Option(names = {"-n", "--neighbours"}, paramLabel = "N", defaultValue = "10",
      description = "Nearest movies to list per movie. Default: ${DEFAULT-VALUE}.")
  int neighbours;

  @Option(names = "--out", paramLabel = "FILE", description = "The HTML file to write. Default: RUN_DIR/report.html.")
  Path out;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;


  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    if (neighbours < 1 || neighbours > 1000) {
      throw new Main.UsageException("--neighbours must be in 1..1000, got " + neighbours);
    }
    if (!Files.isDirectory(runDir)) {
      throw new Main.UsageException(runDir + ": no such run folder");
    }
    Path target = out != null ? out : runDir.resolve("report.html");
    if (Files.isDirectory(target)) {
      throw new Main.UsageException(target + " is a folder (--out takes a file name)");
    }
    JsonNode metrics = readJson(runDir.resolve("metrics.json"), "not a deepfm train run folder?");
    Path cmpDir = comparison != null ? comparison : Files.isRegularFile(runDir.resolve("comparison.json")) ? runDir : null;
    JsonNode cmp = null;
    byte[] cmpPng = null;
    if (cmpDir != null) {
      cmp = readJson(cmpDir.resolve("comparison.json"), "not a deepfm compare folder?");
      if (!cmp.path("models").isObject()) {
        throw new IllegalArgumentException(cmpDir.resolve("comparison.json") + ": no \"models\" (not made by deepfm compare?)");
      }
      cmpPng = readIfPresent(cmpDir.resolve("comparison.png"));
    }
    ModelBundle bundle = ModelFile.read(runDir.resolve("model.deepfm"));
    String name = runDir.toAbsolutePath().normalize().getFileName() == null ? runDir.toString()
        : runDir.toAbsolutePath().normalize().getFileName().toString();
    String html = HtmlReport.build(new HtmlReport.Inputs(name, metrics, readIfPresent(runDir.resolve("training.png")),
        cmp, cmpDir == null ? null : cmpDir.toString(), cmpPng, bundle, movies, neighbours));
    write(target, html);
    stdout.printf(Locale.ROOT, "Wrote %s (%,d KB)%n", target, (Files.size(target) + 1023) / 1024);
    stdout.flush();
    return 0;
  }

  private static JsonNode readJson(Path file, String hint) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": missing (" + hint + ")");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(file + ": not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : "";
      throw new IllegalArgumentException(file + ": invalid JSON" + where + " ("
          + e.getOriginalMessage().replaceAll("\\s+", " ").strip() + ")");
    }
  }

  private static byte[] readIfPresent(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }

  /** Writes through a temporary file beside the target, renamed over it: readers never see half a page. */
  static void write(Path target, String html) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
