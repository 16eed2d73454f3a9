package dev.deepfm.cli;

import dev.deepfm.core.data.DataFormatException;
import dev.deepfm.core.io.ModelFileException;
import dev.deepfm.core.util.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code deepfm} command. Subcommands parse options, call the library and print; errors
 * become one line on stderr and a non-zero exit code (2 for bad usage, 1 for everything else),
 * with the stack trace only when {@code DEEPFM_DEBUG=1}.
 */
@Command(name = "deepfm", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
    description = "Train, evaluate and serve DeepFM and its kin for recommendation.",
    subcommands = {TrainCommand.class, CompareCommand.class, AnalyzeCommand.class,
        dev.deepfm.cli.bench.BenchCommand.class, dev.deepfm.cli.bench.BenchWorkerCommand.class, RecommendCommand.class, ServeCommand.class,
        LoadTestCommand.class, EvaluateCommand.class, ColdStartCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Prints the toolkit and Java versions. */
  static final class VersionInfo implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"deepfm " + Version.toolkit(), "Java " + System.getProperty("java.version")
          + ", kernels " + dev.deepfm.core.kernel.Kernels.best().name()};
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output and error streams (for tests and embedding). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((e, line, parsed) -> {
      PrintWriter w = line.getErr();
      w.println("error: " + describe(e));
      if ("1".equals(System.getenv("DEEPFM_DEBUG"))) {
        e.printStackTrace(w);
      }
      w.flush();
      return 1;
    });
    cmd.setParameterExceptionHandler((e, args2) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println("error: " + e.getMessage() + " (see: deepfm " + e.getCommandLine().getCommandName() + " --help)");
      w.flush();
      return 2;
    });
    return cmd.execute(args);
  }

  /** A one-line description of a failure, for users. */
  static String describe(Throwable e) {
    if (e instanceof DataFormatException || e instanceof ModelFileException
        || e instanceof IllegalArgumentException || e instanceof UsageException) {
      return e.getMessage();
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      String msg = e.getMessage();
      if (cause instanceof java.nio.file.NoSuchFileException n) {
        return "no such file: " + n.getFile();
      }
      if (cause instanceof java.nio.file.AccessDeniedException a) {
        return "permission denied: " + a.getFile();
      }
      return msg == null ? cause.toString() : msg;
    }
    if (e instanceof IllegalStateException) {
      return e.getMessage();
    }
    return "internal error: " + e + " (set DEEPFM_DEBUG=1 for details)";
  }

  /** A user mistake detected by a command (bad combination of options, existing output...). */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
