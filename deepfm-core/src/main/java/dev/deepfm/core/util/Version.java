package dev.deepfm.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** The toolkit's version and the environment a run happened in, for provenance. */
public final class Version {
  private static final String VERSION = load();
  /** The CPU's facts, read once: they do not change while the process runs. */
  private static final Map<String, Object> CPU = cpu();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/deepfm/core/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The toolkit's version ("0.1.0"). */
  public static String toolkit() {
    return VERSION;
  }

  /** Toolkit, Java, OS and CPU facts. */
  public static Map<String, Object> environment() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deepfm", VERSION);
    m.put("java", System.getProperty("java.version"));
    m.put("java_vm", System.getProperty("java.vm.name"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("arch", System.getProperty("os.arch"));
    m.put("processors", Runtime.getRuntime().availableProcessors());
    m.put("kernels", dev.deepfm.core.kernel.Kernels.best().name());
    m.putAll(CPU);
    return m;
  }

  /**
   * The CPU's model name and widest x86 SIMD extension, from {@code /proc/cpuinfo} where there is
   * one: speed figures mean little without them (AVX-512 doubles the vector width of AVX2).
   */
  private static Map<String, Object> cpu() {
    Map<String, Object> m = new LinkedHashMap<>();
    Path info = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(info)) {
      return m;
    }
    try (Stream<String> lines = Files.lines(info)) {
      String model = null;
      String flags = null;
      for (String line : (Iterable<String>) lines::iterator) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon).trim();
        if (model == null && key.equals("model name")) {
          model = line.substring(colon + 1).trim();
        } else if (flags == null && key.equals("flags")) {
          flags = " " + line.substring(colon + 1).trim() + " ";
        }
        if (model != null && flags != null) {
          break;
        }
      }
      if (model != null) {
        m.put("cpu", model);
      }
      if (flags != null) {
        m.put("simd", flags.contains(" avx512f ") ? "avx512f" : flags.contains(" avx2 ") ? "avx2"
            : flags.contains(" sse4_2 ") ? "sse4.2" : "other");
      }
    } catch (IOException | UncheckedIOException e) {
      // provenance is best effort: a run does not fail for want of CPU facts
    }
    return m;
  }
}
