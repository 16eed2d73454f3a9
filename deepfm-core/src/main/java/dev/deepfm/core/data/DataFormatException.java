package dev.deepfm.core.data;

import java.util.List;

/**
 * Input data that cannot be used, with every problem found (up to a limit), each naming the file,
 * the line and the field. The message's first line is the first problem, ready to print as is.
 */
public final class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** An exception listing {@code problems} (at least one), each "file line N: field: what". */
  public DataFormatException(List<String> problems) {
    super(summary(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems given");
    }
    this.problems = List.copyOf(problems);
  }

  /** An exception for one problem. */
  public DataFormatException(String problem) {
    this(List.of(problem));
  }

  private static String summary(List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.get(0) + " (and " + (problems.size() - 1) + " more: "
        + String.join("; ", problems.subList(1, problems.size())) + ")";
  }

  /** Every problem found, in file order. */
  public List<String> problems() {
    return problems;
  }
}
