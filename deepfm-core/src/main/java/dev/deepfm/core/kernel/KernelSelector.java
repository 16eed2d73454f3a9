package dev.deepfm.core.kernel;

/**
 * Chooses the kernels once per JVM: the SIMD ones when the incubating Vector API module is present
 * (the launcher adds it), the plain ones otherwise, or when {@code -Ddeepfm.kernels=plain} asks.
 * The vector class is only loaded by name, so the plain path runs on a JVM without the module.
 */
final class KernelSelector {
  static final Kernels BEST = choose();

  private KernelSelector() {}

  private static Kernels choose() {
    String wanted = System.getProperty("deepfm.kernels", "auto");
    if (wanted.equals("plain")) {
      return PlainKernels.INSTANCE;
    }
    boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (!present) {
      if (wanted.equals("vector")) {
        throw new IllegalStateException(
            "-Ddeepfm.kernels=vector needs the JVM flag --add-modules=jdk.incubator.vector");
      }
      return PlainKernels.INSTANCE;
    }
    try {
      return (Kernels) Class.forName("dev.deepfm.core.kernel.VectorKernels")
          .getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return PlainKernels.INSTANCE;
    }
  }
}
