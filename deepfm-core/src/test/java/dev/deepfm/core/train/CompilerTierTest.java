package dev.deepfm.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.testing.TinyData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A model does not depend on which of the JVM's compilers ran the code. A JVM limited to its first
 * compiler (C1, which runs the Vector API as plain Java, lane by lane) trains the same model, bit for
 * bit, as this JVM, where the hot code ends up compiled by C2 to SIMD instructions. A lane sum whose
 * order the JDK chooses ({@code reduceLanes}) breaks this where the two orders differ: on Java 25
 * this test fails with it (on Java 17 the two orders agree, and {@code KernelsTest} pins the order).
 */
class CompilerTierTest {
  private static final RecData DATA = TinyData.create(17, 60, 80, 15, TinyData.Fields.MIXED);
  private static final ModelConfig MODEL = ModelConfig.deepFm().withEmbedDim(8).withHidden(32, 16);
  private static final TrainConfig CONFIG = TrainConfig.defaults().withSeed(8).withEpochs(2)
      .withBatchSize(64).withThreads(2);

  /** Trains the probe model and prints the CRC-32 of its parameters' bits. */
  public static void main(String[] args) {
    System.out.println("params-crc " + checksum());
  }

  static long checksum() {
    float[] p = new Trainer(MODEL, CONFIG).fit(DATA, TrainingListener.NONE).model().params();
    CRC32 crc = new CRC32();
    for (float x : p) {
      int b = Float.floatToRawIntBits(x);
      crc.update(b);
      crc.update(b >>> 8);
      crc.update(b >>> 16);
      crc.update(b >>> 24);
    }
    return crc.getValue();
  }

  @Test
  void firstTierCompilerTrainsTheSameModel() throws IOException, InterruptedException {
    long here = checksum();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules=jdk.incubator.vector");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CompilerTierTest.class.getName());
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).contains("params-crc " + here);
  }
}
