/**
 * The {@code deepfm} command line: one picocli command per job, each parsing options, calling the
 * library and printing. Errors become one line and an exit status ({@link dev.deepfm.cli.Main}).
 */
package dev.deepfm.cli;
