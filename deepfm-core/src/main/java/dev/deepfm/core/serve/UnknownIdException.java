package dev.deepfm.core.serve;

/** A user or item id the model does not know. */
public final class UnknownIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception for an unknown id of the given kind ("user", "item"). */
  public UnknownIdException(String kind, String id) {
    super("unknown " + kind + " '" + id + "'");
  }
}
