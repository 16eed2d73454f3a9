package dev.deepfm.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment recorded with every run and benchmark. */
class VersionTest {
  @Test
  void environmentNamesTheJvmAndTheKernels() {
    Map<String, Object> env = Version.environment();
    assertThat(env).containsKeys("deepfm", "java", "os", "arch", "processors", "kernels");
    assertThat(env.get("java")).isEqualTo(System.getProperty("java.version"));
  }

  @Test
  void environmentNamesTheCpuAndItsWidestSimdWhereLinuxTells() throws Exception {
    Path info = Path.of("/proc/cpuinfo");
    Map<String, Object> env = Version.environment();
    if (!Files.isReadable(info) || Files.readAllLines(info).stream().noneMatch(l -> l.startsWith("flags"))) {
      assertThat(env).doesNotContainKey("simd");
      return;
    }
    String flags = Files.readAllLines(info).stream().filter(l -> l.startsWith("flags")).findFirst().orElseThrow();
    String expected = flags.contains(" avx512f") ? "avx512f" : flags.contains(" avx2") ? "avx2" : null;
    if (expected != null) {
      assertThat(env.get("simd")).isEqualTo(expected);
    }
  }
}
