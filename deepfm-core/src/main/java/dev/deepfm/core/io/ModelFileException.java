package dev.deepfm.core.io;

/** A model file that cannot be used: missing, truncated, corrupt, foreign or from a newer version. */
public final class ModelFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that names the file and the problem. */
  public ModelFileException(String message) {
    super(message);
  }

  /** An exception with a cause. */
  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
