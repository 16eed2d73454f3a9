package dev.deepfm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes under {@code deepfm-bench/} that scripts compile at run time ({@code ab/run.sh},
 * {@code ceiling/run.sh}) still compile against the library, and the ceiling probe runs, so that
 * they cannot rot unseen.
 */
class BenchScriptsTest {
  private static final Path BENCH = Path.of("..", "deepfm-bench");

  @TempDir
  Path tmp;

  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static void compile(Path out, Path... sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "-nowarn", "-cp", classPath(),
        "-d", out.toString()));
    for (Path s : sources) {
      args.add(s.toString());
    }
    int status = javac.run(null, null, diagnostics, args.toArray(String[]::new));
    assertThat(status).as("javac: " + diagnostics).isZero();
  }

  @Test
  void theAbRunnerCompiles() {
    compile(tmp, BENCH.resolve("ab/AB.java"), BENCH.resolve("ab/Runner.java"));
    assertThat(tmp.resolve("AB.class")).isRegularFile();
  }

  @Test
  void theCeilingProbeCountsFlopsAndComparesEpochsWithTheCeiling() throws Exception {
    compile(tmp, BENCH.resolve("ceiling/Ceiling.java"));
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 1, 40, 60, 10);
    List<URL> urls = new ArrayList<>();
    urls.add(tmp.toUri().toURL());
    for (String entry : classPath().split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      loader.loadClass("Ceiling").getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {"1", "1", data.toString()});
    } finally {
      System.setOut(saved);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    // the layers above the first: 3 products of 128x64, 64x32 and 32x1 per example, 2 flops each
    assertThat(printed).contains("flops per example: 61632 above the first layer");
    assertThat(printed).containsPattern("epoch  1, 1 thread: +[0-9,]+ samples/s = +[0-9.]+ GFLOP/s; ceiling before");
  }
}
