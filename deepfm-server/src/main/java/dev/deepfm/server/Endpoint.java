package dev.deepfm.server;

import java.io.IOException;

/** The work of one (method, path) of the API. */
@FunctionalInterface
interface Endpoint {
  /** Answers {@code request}; an {@link ApiError} (or a library validation error) becomes a 4xx. */
  Reply handle(Request request) throws IOException;
}
