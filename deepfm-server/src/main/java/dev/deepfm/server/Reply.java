package dev.deepfm.server;

import java.util.Map;

/**
 * A JSON answer: status, body and extra headers.
 *
 * @param status HTTP status
 * @param body the JSON bytes
 * @param headers extra response headers
 */
record Reply(int status, byte[] body, Map<String, String> headers) {
  /** 200 with {@code body}. */
  static Reply ok(byte[] body) {
    return new Reply(200, body, Map.of());
  }

  /** 200 with {@code body}, naming the model that answered in {@code X-Model-Sha256}. */
  static Reply ok(byte[] body, ModelHolder.Loaded model) {
    return new Reply(200, body, Map.of("X-Model-Sha256", model.sha256()));
  }
}
