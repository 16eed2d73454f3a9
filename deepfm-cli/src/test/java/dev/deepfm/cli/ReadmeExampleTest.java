package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the Java examples of the README exactly as written there, so the documentation
 * cannot drift from the code. Each example is the {@code java} block after a
 * {@code <!-- example: ClassName -->} marker and receives a data folder and an output folder.
 */
class ReadmeExampleTest {
  @TempDir
  Path tmp;

  static String example(String name) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- example: " + name + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README has an example marked " + name).isTrue();
    return m.group(1);
  }

  static String run(Path tmp, String name, String... args) throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src);
    Path file = src.resolve(name + ".java");
    Files.writeString(file, example(name));
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes);
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, null, diagnostics, "-cp", cp, "-d", classes.toString(), file.toString());
    assertThat(status).as("javac: " + diagnostics).isZero();
    List<URL> urls = new java.util.ArrayList<>();
    urls.add(classes.toUri().toURL());
    for (String entry : cp.split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      Method main = loader.loadClass(name).getMethod("main", String[].class);
      main.invoke(null, (Object) args);
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void trainingExampleRuns() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 1, 50, 70, 10);
    Path model = tmp.resolve("out").resolve("model.deepfm");
    String printed = run(tmp, "TrainExample", data.toString(), model.toString());
    assertThat(printed).contains("epoch 1:").contains("hit_rate").contains("ndcg");
    assertThat(model).isRegularFile();
  }

  @Test
  void servingExampleRuns() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 1, 50, 70, 10);
    Path run = tmp.resolve("run");
    CliRunner.Result train = CliRunner.run("train", "--data", data.toString(), "--out", run.toString(), "--epochs", "1",
        "--threads", "1", "--hidden", "32,16", "-q");
    assertThat(train.status()).as(train.err()).isZero();
    Path model = run.resolve("model.deepfm");
    String printed = run(tmp, "ServeExample", model.toString());
    dev.deepfm.core.serve.Recommender rec = dev.deepfm.core.serve.Recommender.load(model);
    String user = rec.bundle().userIds().id(0);
    List<dev.deepfm.core.serve.Recommendation> top = rec.recommend(user, 5);
    List<String> lines = printed.lines().toList();
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0)).isEqualTo("Top 5 for user " + user + ":");
    for (int r = 0; r < 5; r++) {
      assertThat(lines.get(r + 1)).startsWith((r + 1) + ". " + top.get(r).title() + " (");
    }
    assertThat(lines.get(6)).isEqualTo(String.format(java.util.Locale.ROOT, "score of user %s and item %s: %.4f",
        user, top.get(0).itemId(), top.get(0).score()));
  }
}
