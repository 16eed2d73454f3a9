package dev.deepfm.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The toolkit's version and the environment a run happened in, for provenance. */
public final class Version {
  private static final String VERSION = load();

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
    return m;
  }
}
