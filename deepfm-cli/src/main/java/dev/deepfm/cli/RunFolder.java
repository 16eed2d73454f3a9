package dev.deepfm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An output folder that appears whole or not at all: files are written into a hidden temporary
 * sibling, which {@link #commit()} renames to the target; {@link #close()} without a commit removes
 * it. So a failed or interrupted run never leaves a half-written run folder.
 */
final class RunFolder implements AutoCloseable {
  private final Path target;
  private final Path tmp;
  private final boolean replace;
  private boolean committed;

  private RunFolder(Path target, Path tmp, boolean replace) {
    this.target = target;
    this.tmp = tmp;
    this.replace = replace;
  }

  /**
   * Checks that {@code target} can be created (absent or empty, or {@code replace}) and opens a
   * temporary folder beside it.
   */
  static RunFolder open(Path target, boolean replace) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs)) {
      if (!Files.isDirectory(abs)) {
        throw new Main.UsageException(target + " exists and is not a folder");
      }
      if (!replace && !isEmpty(abs)) {
        throw new Main.UsageException(target + " already exists (choose another --out, or --force to replace it)");
      }
    }
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    // not createTempDirectory: its owner-only permissions would stick to the run folder
    Path tmp = parent.resolve("." + abs.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
    Files.createDirectory(tmp);
    return new RunFolder(abs, tmp, replace);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  /** Where to write files now (the temporary folder). */
  Path dir() {
    return tmp;
  }

  /** Path of a file in the temporary folder. */
  Path file(String name) {
    return tmp.resolve(name);
  }

  /** Writes a UTF-8 text file. */
  void writeText(String name, String text) throws IOException {
    Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** The final location. */
  Path target() {
    return target;
  }

  /** Moves the finished folder into place. */
  void commit() throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
    if (old != null && replace) {
      deleteTree(old);
    }
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      deleteTree(tmp);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
