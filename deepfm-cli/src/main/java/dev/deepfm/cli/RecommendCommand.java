package dev.deepfm.cli;

import dev.deepfm.core.serve.Recommendation;
import dev.deepfm.core.serve.Recommender;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepfm recommend}: the top k movies of a trained model for a known user ({@code --user}),
 * or for a new user described by features ({@code --age --gender --occupation}, or the generic
 * {@code --feature name=value}), for models trained with {@code --cold-start}.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print a model's top-k movies for a known user, or for a new user described by features.")
final class RecommendCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file (model.deepfm of a run).")
  Path model;

  @Option(names = "--user", paramLabel = "ID", description = "A user of the training data, by id.")
  String user;

  @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "10", description = "How many movies. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--age", paramLabel = "YEARS", description = "New user: age (MovieLens).")
  String age;

  @Option(names = "--gender", paramLabel = "M|F", description = "New user: gender (MovieLens).")
  String gender;

  @Option(names = "--occupation", paramLabel = "NAME", description = "New user: occupation, e.g. writer (MovieLens).")
  String occupation;

  @Option(names = "--feature", paramLabel = "NAME=VALUE", description = "New user: any user feature of the model (repeatable).")
  Map<String, String> features;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> newUser = new LinkedHashMap<>();
    if (features != null) {
      newUser.putAll(features);
    }
    shortcut(newUser, "age", age);
    shortcut(newUser, "gender", gender);
    shortcut(newUser, "occupation", occupation);
    if (user != null && !newUser.isEmpty()) {
      throw new Main.UsageException("give either --user or the features of a new user, not both");
    }
    if (user == null && newUser.isEmpty()) {
      throw new Main.UsageException("give --user ID, or a new user's features (--age, --gender, --occupation or "
          + "--feature NAME=VALUE)");
    }
    Recommender rec = Recommender.load(model);
    List<Recommendation> items = user != null ? rec.recommend(user, k) : rec.recommendNew(newUser, k);
    PrintWriter out = spec.commandLine().getOut();
    if (user != null) {
      out.printf(Locale.ROOT, "Top %d for user %s:%n", items.size(), user);
    } else {
      List<String> parts = new ArrayList<>();
      newUser.forEach((n, v) -> parts.add(n + "=" + v));
      out.printf(Locale.ROOT, "Top %d for a new user (%s):%n", items.size(), String.join(", ", parts));
    }
    out.print(table(items));
    out.flush();
    return 0;
  }

  private static void shortcut(Map<String, String> features, String name, String value) {
    if (value == null) {
      return;
    }
    if (features.containsKey(name)) {
      throw new Main.UsageException("--" + name + " and --feature " + name + "=... both given");
    }
    features.put(name, value);
  }

  /** The recommendations as an aligned text table. */
  static String table(List<Recommendation> items) {
    int itemW = "item".length();
    int titleW = "title".length();
    int genresW = "genres".length();
    for (Recommendation r : items) {
      itemW = Math.max(itemW, r.itemId().length());
      titleW = Math.max(titleW, Math.min(48, r.title().length()));
      genresW = Math.max(genresW, Math.min(40, String.join("|", r.tags()).length()));
    }
    String row = "%4s  %-" + itemW + "s  %-" + titleW + "s  %-" + genresW + "s  %8s  %11s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, row, "rank", "item", "title", "genres", "score", "probability"));
    for (Recommendation r : items) {
      sb.append(String.format(Locale.ROOT, row, r.rank(), r.itemId(), cut(r.title(), 48),
          cut(String.join("|", r.tags()), 40), String.format(Locale.ROOT, "%.4f", r.score()),
          String.format(Locale.ROOT, "%.4f", r.probability())));
    }
    return sb.toString();
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
