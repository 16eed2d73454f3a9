import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Alternates the epochs of two builds' {@code Runner}s in one JVM (see run.sh). */
public class AB {
  public static void main(String[] a) throws Exception {
    Path runner = Path.of(a[0]);
    String[] roots = {a[1], a[2]};
    String[] names = {"old", "new"};
    int threads = Integer.parseInt(a[3]);
    int epochs = Integer.parseInt(a[4]);
    Object[] run = new Object[2];
    Method[] epoch = new Method[2];
    for (int v = 0; v < 2; v++) {
      List<URL> urls = new ArrayList<>();
      urls.add(runner.toUri().toURL());
      urls.add(Path.of(roots[v], "deepfm-cli/target/deepfm-cli.jar").toUri().toURL());
      try (var libs = Files.list(Path.of(roots[v], "deepfm-cli/target/lib"))) {
        for (Path p : libs.sorted().toList()) {
          urls.add(p.toUri().toURL());
        }
      }
      ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      Class<?> c = loader.loadClass("Runner");
      run[v] = c.getConstructor().newInstance();
      c.getMethod("init", int.class, String.class).invoke(run[v], threads, a[5]);
      epoch[v] = c.getMethod("epoch", int.class);
    }
    List<List<double[]>> kept = List.of(new ArrayList<>(), new ArrayList<>());
    for (int e = 1; e <= epochs; e++) {
      for (int k = 0; k < 2; k++) {
        int v = e % 2 == 0 ? k : 1 - k; // who goes first alternates
        double[] x = (double[]) epoch[v].invoke(run[v], e);
        if (e > 2) {
          kept.get(v).add(x);
        }
        System.out.printf("epoch %2d %s: %.3f s | us per step: batch %.1f, network %.1f, adam %.1f | loss %.6f%n",
            e, names[v], x[0], x[1], x[2], x[3], x[4]);
      }
    }
    for (int v = 0; v < 2; v++) {
      double[][] m = kept.get(v).toArray(new double[0][]);
      System.out.printf("%s (%s), %d threads, medians of epochs 3-%d: epoch %.3f s | us per step: batch %.1f,"
          + " network %.1f, adam %.1f | checksum %s%n", names[v], roots[v], threads, epochs, median(m, 0),
          median(m, 1), median(m, 2), median(m, 3), run[v].getClass().getMethod("checksum").invoke(run[v]));
    }
    System.exit(0);
  }

  private static double median(double[][] m, int j) {
    double[] x = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      x[i] = m[i][j];
    }
    Arrays.sort(x);
    return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
  }
}
