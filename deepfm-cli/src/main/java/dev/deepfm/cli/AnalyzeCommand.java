package dev.deepfm.cli;

import dev.deepfm.cli.chart.AnalysisCharts;
import dev.deepfm.core.analysis.EmbeddingAnalysis;
import dev.deepfm.core.analysis.EmbeddingAnalysis.FieldNorms;
import dev.deepfm.core.analysis.EmbeddingAnalysis.GenreWeight;
import dev.deepfm.core.analysis.EmbeddingAnalysis.Neighbour;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.io.ModelFile;
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
 * {@code deepfm analyze}: what the embeddings learnt, as the reference inspects it (norms by field,
 * genre first-order weights), plus the nearest movies of a movie; as text, and as JSON and charts
 * with {@code --out}.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Embedding statistics by field, genre weights and nearest movies of a trained model.")
final class AnalyzeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (model.deepfm).")
  Path model;

  @Option(names = "--movie", paramLabel = "ID|TITLE", description = "Show the movies nearest to this one (id, or part of the title).")
  List<String> movies;

  @Option(names = {"-n", "--neighbours"}, paramLabel = "N", defaultValue = "10", description = "Neighbours to show. Default: ${DEFAULT-VALUE}.")
  int neighbours;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write analysis.json, embedding_norms.png and genre_weights.png here.")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** The analysis as a JSON-ready map (also used by the HTML report). */
  static Map<String, Object> toMap(EmbeddingAnalysis a, List<String> movies, int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> norms = new ArrayList<>();
    for (FieldNorms f : a.fieldNorms()) {
      norms.add(Map.of("field", f.field(), "size", f.size(), "mean_norm", f.meanNorm(), "std_norm", f.stdNorm()));
    }
    m.put("field_norms", norms);
    List<Map<String, Object>> genres = new ArrayList<>();
    for (GenreWeight g : a.genreWeights()) {
      genres.add(Map.of("genre", g.genre(), "weight", g.weight()));
    }
    m.put("genre_weights", genres);
    Map<String, Object> near = new LinkedHashMap<>();
    for (String movie : movies) {
      int i = a.findItem(movie);
      List<Map<String, Object>> list = new ArrayList<>();
      for (Neighbour x : a.nearest(i, n)) {
        list.add(Map.of("item", x.itemId(), "title", x.title(), "cosine", x.cosine()));
      }
      near.put(movie, list);
    }
    m.put("nearest", near);
    return m;
  }

  /** The reference's text tables. */
  static String format(EmbeddingAnalysis a, ModelBundle bundle, List<String> movies, int n) {
    StringBuilder sb = new StringBuilder("Embedding Statistics by Field:\n");
    sb.append("=".repeat(60)).append('\n');
    sb.append(String.format(Locale.ROOT, "%-20s %8s %12s %10s%n", "Field", "Size", "Mean Norm", "Std"));
    sb.append("-".repeat(60)).append('\n');
    for (FieldNorms f : a.fieldNorms()) {
      sb.append(String.format(Locale.ROOT, "%-20s %8d %12.4f %10.4f%n", f.field(), f.size(), f.meanNorm(), f.stdNorm()));
    }
    List<GenreWeight> genres = a.genreWeights();
    if (!genres.isEmpty()) {
      sb.append("\nGenre First-Order Weights (positive = increases prediction):\n");
      sb.append("=".repeat(40)).append('\n');
      for (GenreWeight g : genres) {
        String bar = (g.weight() > 0 ? "+" : "-").repeat((int) Math.min(60, Math.abs(g.weight()) * 50));
        sb.append(String.format(Locale.ROOT, "%-15s %8.4f %s%n", g.genre(), g.weight(), bar));
      }
    }
    for (String movie : movies) {
      int i = a.findItem(movie);
      sb.append(String.format(Locale.ROOT, "%nNearest to %s (%s), by cosine of item embeddings:%n",
          bundle.catalog().titles().get(i), bundle.itemIds().id(i)));
      int r = 1;
      for (Neighbour x : a.nearest(i, n)) {
        sb.append(String.format(Locale.ROOT, "  %2d. %-50s %6s  %.3f%n", r++, x.title(), x.itemId(), x.cosine()));
      }
    }
    return sb.toString();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    if (neighbours < 1 || neighbours > 1000) {
      throw new Main.UsageException("--neighbours must be in 1..1000, got " + neighbours);
    }
    ModelBundle bundle = ModelFile.read(model);
    EmbeddingAnalysis a = new EmbeddingAnalysis(bundle);
    List<String> wanted = movies == null ? List.of() : movies;
    for (String movie : wanted) {
      a.findItem(movie);
    }
    String text = format(a, bundle, wanted, neighbours);
    if (out != null) {
      try (RunFolder folder = RunFolder.open(out, force)) {
        Json.MAPPER.writeValue(folder.file("analysis.json").toFile(), toMap(a, wanted, neighbours));
        folder.writeText("analysis.txt", text);
        AnalysisCharts.write(AnalysisCharts.norms(a.fieldNorms()), folder.file("embedding_norms.png"));
        if (!a.genreWeights().isEmpty()) {
          AnalysisCharts.write(AnalysisCharts.genres(a.genreWeights()), folder.file("genre_weights.png"));
        }
        folder.commit();
      }
    }
    stdout.print(text);
    if (out != null) {
      stdout.println("\nWrote " + out + " (analysis.json, analysis.txt, embedding_norms.png, genre_weights.png)");
    }
    stdout.flush();
    return 0;
  }
}
