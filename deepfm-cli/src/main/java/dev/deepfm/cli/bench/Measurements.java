package dev.deepfm.cli.bench;

import dev.deepfm.core.eval.Stats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small measuring helpers shared by the benchmark jobs. */
final class Measurements {
  private Measurements() {}

  /** Peak resident memory of this process in bytes (Linux VmHWM), or the heap pools' peak elsewhere. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** Heap in use after a full collection. */
  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** {median, min, max, n, values} of measurements. */
  static Map<String, Object> summary(List<Double> values, String unit) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Stats s = Stats.of(v);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", Stats.median(v));
    m.put("min", s.min());
    m.put("max", s.max());
    m.put("n", s.n());
    m.put("unit", unit);
    m.put("values", values);
    return m;
  }
}
