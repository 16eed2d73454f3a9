package dev.deepfm.server;

import dev.deepfm.core.serve.UnknownIdException;
import java.util.List;

/**
 * A request the API refuses, with its HTTP status and a one-sentence message for the client. The
 * server answers it as {@code {"error": "<message>"}} with {@code Content-Type: application/json};
 * {@link #of} maps the library's exceptions onto statuses, so handlers can let them through.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final List<String> allow;
  private final boolean closeConnection;

  private ApiError(int status, String message, List<String> allow, boolean closeConnection) {
    super(message, null, false, false);
    this.status = status;
    this.allow = allow;
    this.closeConnection = closeConnection;
  }

  /** An error with the given status and message. */
  public ApiError(int status, String message) {
    this(status, message, List.of(), false);
  }

  /** 400: malformed or invalid request. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  /** 404: unknown path, user or item. */
  public static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  /** 405: the path exists but not with this method; {@code allow} goes into the Allow header. */
  public static ApiError methodNotAllowed(String method, String path, List<String> allow) {
    return new ApiError(405, method + " is not allowed on " + path + " (allowed: " + String.join(", ", allow) + ")",
        List.copyOf(allow), false);
  }

  /** 413: request body or list too large; the connection is closed after the answer. */
  public static ApiError tooLarge(String message) {
    return new ApiError(413, message, List.of(), true);
  }

  /** 422: a well-formed request the loaded model cannot serve (cold start without support). */
  public static ApiError unprocessable(String message) {
    return new ApiError(422, message);
  }

  /** HTTP status. */
  public int status() {
    return status;
  }

  /** Methods for the Allow header (405 only; empty otherwise). */
  public List<String> allow() {
    return allow;
  }

  /** Whether the server should close the connection after answering. */
  public boolean closeConnection() {
    return closeConnection;
  }

  /**
   * The API error for an exception thrown while serving a request: {@link ApiError} as is, an
   * unknown user or item as 404, any other {@link IllegalArgumentException} (the library's
   * validation) as 400; {@code null} for anything else, which is unexpected (500).
   */
  public static ApiError of(Throwable e) {
    if (e instanceof ApiError a) {
      return a;
    }
    if (e instanceof UnknownIdException) {
      return notFound(e.getMessage());
    }
    if (e instanceof IllegalArgumentException && e.getMessage() != null) {
      return badRequest(e.getMessage());
    }
    return null;
  }
}
