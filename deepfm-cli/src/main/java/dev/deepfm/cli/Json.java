package dev.deepfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The command line's JSON mapper (indented output), created on first use: creating it costs about
 * 0.2 s of class loading, which {@code --help}, {@code --version} and commands that write no JSON
 * need not pay.
 */
public final class Json {
  private Json() {}

  /** The shared mapper; thread-safe once configured, as Jackson's mappers are. */
  public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
}
