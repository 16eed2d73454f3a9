package dev.deepfm.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deepfm.cli.chart.AnalysisCharts;
import dev.deepfm.cli.chart.TrainingChart;
import dev.deepfm.core.analysis.EmbeddingAnalysis;
import dev.deepfm.core.analysis.EmbeddingAnalysis.FieldNorms;
import dev.deepfm.core.analysis.EmbeddingAnalysis.GenreWeight;
import dev.deepfm.core.analysis.EmbeddingAnalysis.Neighbour;
import dev.deepfm.core.io.ModelBundle;
import dev.deepfm.core.train.EpochRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;

/**
 * The report of a training run as one self-contained HTML page: run summary, configuration,
 * training curves, test metrics, the model comparison (when given) and the embedding analysis.
 * Images are inline PNG {@code data:} URIs and the style sheet is inline; the page loads nothing
 * and runs no script, and its Content-Security-Policy forbids both. All text is escaped.
 *
 * <p>Tables carry the ids {@code summary, config, history, test-metrics, comparison-reference,
 * comparison-all, field-norms, genre-weights, nearest}; charts are {@code img.chart} with the ids
 * {@code chart-training, chart-comparison, chart-norms, chart-genres}.
 */
public final class HtmlReport {
  /** The page's Content-Security-Policy: nothing but inline styles and data: images. */
  public static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

  /** Item shown by default in "nearest movies" when no movie is asked for (Star Wars in MovieLens 100K). */
  public static final String DEFAULT_ITEM = "50";

  /**
   * What the page is made from.
   *
   * @param name the run's name (its folder name), shown in the title
   * @param metrics the run's metrics.json
   * @param trainingPng training.png, used only when metrics.json has no history; may be null
   * @param comparison a comparison.json, or null
   * @param comparisonSource where the comparison came from (shown on the page), or null
   * @param comparisonPng comparison.png beside it, or null
   * @param model the run's model file
   * @param movies movies (id or title) whose nearest movies to list; empty: {@link #DEFAULT_ITEM} or the first item
   * @param neighbours nearest movies per movie
   */
  public record Inputs(String name, JsonNode metrics, byte[] trainingPng, JsonNode comparison,
      String comparisonSource, byte[] comparisonPng, ModelBundle model, List<String> movies, int neighbours) {
    public Inputs {
      movies = movies == null ? List.of() : List.copyOf(movies);
    }
  }

  private static final String STYLE = """
      :root { color-scheme: light; }
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
             margin: 0 auto; max-width: 1560px; padding: 1.5rem 2rem 3rem; color: #1f2328; background: #fff;
             line-height: 1.45; }
      h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
      h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid #d0d7de; }
      h3 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
      p.lead { font-size: 1.05rem; color: #444; margin: 0 0 1rem; }
      nav { font-size: .9rem; margin-bottom: 1rem; }
      nav a { margin-right: 1rem; color: #0969da; text-decoration: none; }
      table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; font-variant-numeric: tabular-nums; }
      caption { text-align: left; font-weight: 600; padding: .2rem 0 .4rem; white-space: nowrap; }
      th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; vertical-align: top; }
      thead th { background: #f6f8fa; text-align: left; }
      tbody th { text-align: left; font-weight: 600; background: #fbfcfd; }
      table.num td { text-align: right; }
      table.num td.text { text-align: left; }
      tr.best td { background: #e8f5e9; font-weight: 600; }
      tr.group th { background: #eef2f6; }
      img.chart { display: block; max-width: 100%; height: auto; margin: .5rem 0 1rem; border: 1px solid #e1e4e8; }
      .note { color: #555; font-style: italic; }
      .warning { background: #fff8c5; border: 1px solid #d4a72c; padding: .4rem .7rem; }
      code { background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; }
      footer { margin-top: 3rem; font-size: .8rem; color: #666; }
      """;

  private final Inputs in;
  private final StringBuilder html = new StringBuilder(1 << 20);

  private HtmlReport(Inputs in) {
    this.in = in;
  }

  /** The whole page. Throws {@link IllegalArgumentException} for a movie not in the model. */
  public static String build(Inputs in) {
    System.setProperty("java.awt.headless", "true");
    return new HtmlReport(in).render();
  }

  private String render() {
    JsonNode m = in.metrics();
    String model = text(m.path("config").path("model").path("type"), "model");
    String dataset = text(m.path("data").path("name"), "data");
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(Html.escape(CSP)).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape("deepfm report: " + in.name())).append("</title>\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    html.append("<header>\n<h1>").append(Html.escape("deepfm report: " + in.name())).append("</h1>\n");
    JsonNode t10 = m.path("test").path("10");
    html.append("<p class=\"lead\">").append(Html.escape(model + " on " + dataset + ", seed "
        + text(m.path("config").path("train").path("seed"), "?")
        + (t10.isObject() ? String.format(Locale.ROOT, ": test HR@10 %.4f, NDCG@10 %.4f",
            t10.path("hit_rate").asDouble(), t10.path("ndcg").asDouble()) : "")))
        .append("</p>\n</header>\n");
    html.append("<nav>");
    String[][] links = {{"sec-summary", "Run"}, {"sec-config", "Configuration"}, {"sec-training", "Training"},
      {"sec-test", "Test"}, {"sec-comparison", "Comparison"}, {"sec-analysis", "Embeddings"}};
    for (String[] l : links) {
      html.append("<a href=\"#").append(l[0]).append("\">").append(Html.escape(l[1])).append("</a>");
    }
    html.append("</nav>\n");
    summary();
    config();
    training();
    test();
    comparison();
    analysis();
    html.append("<footer>").append(Html.escape("Made by deepfm "
        + text(m.path("environment").path("deepfm"), "") + " report from metrics.json and model.deepfm"
        + (in.comparison() != null ? " and comparison.json" : "") + ". One self-contained file: no script, no"
        + " network access."))
        .append("</footer>\n</body>\n</html>\n");
    return html.toString();
  }

  // ---- sections ------------------------------------------------------------------------------

  private void summary() {
    JsonNode m = in.metrics();
    JsonNode d = m.path("data");
    JsonNode cfg = m.path("config");
    JsonNode t = m.path("timings");
    JsonNode env = m.path("environment");
    section("sec-summary", "Run");
    List<String[]> rows = new ArrayList<>();
    rows.add(kv("Model", text(cfg.path("model").path("type"), "?") + " (" + text(cfg.path("model").path("engine"), "?")
        + " engine, embedding " + text(cfg.path("model").path("embed_dim"), "?") + ")"));
    rows.add(kv("Dataset", text(d.path("name"), "?")));
    rows.add(kv("Users / items", count(d.path("users")) + " / " + count(d.path("items"))));
    rows.add(kv("Training positives", count(d.path("train"))));
    rows.add(kv("Evaluated users", count(d.path("eval_users"))));
    rows.add(kv("Fields", text(d.path("fields"), "?")));
    rows.add(kv("Split fingerprint", text(d.path("fingerprint"), "?")));
    rows.add(kv("Source fingerprint", text(d.path("source_fingerprint"), "?")));
    rows.add(kv("Seed", text(cfg.path("train").path("seed"), "?")));
    rows.add(kv("Best epoch", text(m.path("best_epoch"), "?") + " of " + text(m.path("epochs_run"), "?")
        + (m.path("best_val_ndcg@10").isNumber()
            ? String.format(Locale.ROOT, " (validation NDCG@10 %.4f)", m.path("best_val_ndcg@10").asDouble()) : "")));
    String[][] times = {{"total_s", "Training job"}, {"setup_s", "Setup"}, {"sample_s", "Negative sampling"},
      {"train_s", "Training steps"}, {"validation_s", "Validation"}, {"test_s", "Test"}, {"wall_s", "Wall clock (whole command)"}};
    for (String[] x : times) {
      if (t.path(x[0]).isNumber()) {
        rows.add(kv(x[1], seconds(t.path(x[0]).asDouble())));
      }
    }
    if (t.path("train_samples_per_s").isNumber()) {
      rows.add(kv("Training throughput", String.format(Locale.ROOT, "%,.0f examples/s", t.path("train_samples_per_s").asDouble())));
    }
    if (env.isObject()) {
      rows.add(kv("Versions", "deepfm " + text(env.path("deepfm"), "?") + ", Java " + text(env.path("java"), "?")
          + (env.has("java_vm") ? " (" + env.path("java_vm").asText() + ")" : "")));
      rows.add(kv("Machine", text(env.path("os"), "?") + ", " + text(env.path("arch"), "?") + ", "
          + text(env.path("processors"), "?") + " processors, kernels " + text(env.path("kernels"), "?")));
    }
    ModelBundle b = in.model();
    rows.add(kv("Model file", b.model().config().type().id() + ", " + count(b.userIds().size()) + " users, "
        + count(b.itemIds().size()) + " items, " + count(b.model().params().length) + " parameters"));
    keyValueTable("summary", null, rows);
    html.append("</section>\n");
  }

  private void config() {
    section("sec-config", "Configuration");
    JsonNode cfg = in.metrics().path("config");
    if (!cfg.isObject() || cfg.isEmpty()) {
      note("metrics.json has no configuration.");
    } else {
      html.append("<table id=\"config\">\n<thead>")
          .append(Html.row(true, List.of("Section", "Setting", "Value"))).append("</thead>\n<tbody>\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = cfg.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<String[]> flat = new ArrayList<>();
        flatten("", e.getValue(), flat);
        for (String[] kv : flat) {
          html.append(Html.row(false, List.of(e.getKey(), kv[0], kv[1])));
        }
      }
      html.append("</tbody>\n</table>\n");
    }
    html.append("</section>\n");
  }

  private void training() {
    section("sec-training", "Training");
    List<EpochRecord> history = history(in.metrics().path("history"));
    String alt = "Training curves by epoch: training loss, validation NDCG@10 and validation hit rate@10";
    if (!history.isEmpty()) {
      html.append(Html.pngImage("chart-training", alt, png(TrainingChart.render(history)))).append('\n');
      int best = in.metrics().path("best_epoch").asInt(-1);
      html.append("<table id=\"history\" class=\"num\">\n<caption>Per epoch (best epoch highlighted)</caption>\n<thead>")
          .append(Html.row(true, List.of("Epoch", "Loss", "Val NDCG@10", "Val HR@10", "Train s", "Validation s", "Sampling s")))
          .append("</thead>\n<tbody>\n");
      for (EpochRecord e : history) {
        String row = Html.row(false, List.of(e.epoch(), f4(e.loss()), f4(e.valNdcg()), f4(e.valHitRate()),
            f2(e.trainSeconds()), f2(e.evalSeconds()), f2(e.sampleSeconds())));
        html.append(e.epoch() == best ? row.replaceFirst("^<tr>", "<tr class=\"best\">") : row);
      }
      html.append("</tbody>\n</table>\n");
    } else if (Html.isPng(in.trainingPng())) {
      note("metrics.json has no per-epoch history; this is the run's training.png.");
      html.append(Html.pngImage("chart-training", alt, in.trainingPng())).append('\n');
    } else {
      note("No training history (neither metrics.json history nor training.png).");
    }
    html.append("</section>\n");
  }

  private void test() {
    section("sec-test", "Test");
    JsonNode test = in.metrics().path("test");
    List<String> ks = sortedKeys(test);
    if (ks.isEmpty()) {
      note("metrics.json has no test metrics.");
    } else {
      List<String> metrics = new ArrayList<>();
      test.path(ks.get(0)).fieldNames().forEachRemaining(metrics::add);
      List<String> head = new ArrayList<>(List.of("K"));
      metrics.forEach(x -> head.add(metricLabel(x) + "@K"));
      html.append("<table id=\"test-metrics\" class=\"num\">\n<caption>")
          .append(Html.escape("Test set: each user ranks every item they did not train on"))
          .append("</caption>\n<thead>").append(Html.row(true, head)).append("</thead>\n<tbody>\n");
      for (String k : ks) {
        List<Object> row = new ArrayList<>(List.of(k));
        for (String x : metrics) {
          JsonNode v = test.path(k).path(x);
          row.add(v.isNumber() ? f4(v.asDouble()) : "—");
        }
        html.append(Html.row(false, row));
      }
      html.append("</tbody>\n</table>\n");
    }
    html.append("</section>\n");
  }

  private void comparison() {
    section("sec-comparison", "Comparison");
    JsonNode c = in.comparison();
    if (c == null) {
      note("No comparison: run deepfm compare and pass its folder with --comparison.");
      html.append("</section>\n");
      return;
    }
    JsonNode models = c.path("models");
    List<String> seeds = new ArrayList<>();
    c.path("seeds").forEach(s -> seeds.add(s.asText()));
    html.append("<p>").append(Html.escape("From " + (in.comparisonSource() != null ? in.comparisonSource() : "comparison.json")
        + ": " + models.size() + " models, seeds " + String.join(", ", seeds) + ", "
        + text(c.path("data").path("name"), "?") + " split " + text(c.path("data").path("fingerprint"), "?") + "."))
        .append("</p>\n");
    String runSplit = in.metrics().path("data").path("fingerprint").asText("");
    String cmpSplit = c.path("data").path("fingerprint").asText("");
    if (!runSplit.isEmpty() && !cmpSplit.isEmpty() && !runSplit.equals(cmpSplit)) {
      html.append("<p class=\"warning\">").append(Html.escape("The comparison was made on another split ("
          + cmpSplit + ") than this run (" + runSplit + "): its numbers are not comparable with the test table above."))
          .append("</p>\n");
    }
    if (models.has("neumf") && models.has("deepfm")) {
      html.append("<table id=\"comparison-reference\" class=\"num\">\n<caption>")
          .append(Html.escape("The reference's comparison: NeuMF (user_id + item_id) against DeepFM ("
              + (models.path("deepfm").path("fields").isArray() ? joinText(models.path("deepfm").path("fields"), " + ")
                  : "all " + text(c.path("data").path("fields"), "") + " fields")
              + "), mean ± sd over " + seeds.size() + " seed" + (seeds.size() == 1 ? "" : "s")))
          .append("</caption>\n<thead>")
          .append(Html.row(true, List.of("K", "Metric", "NeuMF", "DeepFM", "Diff", "% Change"))).append("</thead>\n<tbody>\n");
      for (String k : List.of("5", "10", "20")) {
        for (String[] metric : new String[][] {{"recall", "Recall@K"}, {"ndcg", "NDCG@K"}, {"map", "MAP@K"}}) {
          JsonNode a = models.path("neumf").path("summary").path(k).path(metric[0]);
          JsonNode b = models.path("deepfm").path("summary").path(k).path(metric[0]);
          if (!a.path("mean").isNumber() || !b.path("mean").isNumber()) {
            continue;
          }
          double diff = b.path("mean").asDouble() - a.path("mean").asDouble();
          double base = a.path("mean").asDouble();
          html.append(Html.dataRow(2, List.of(k, metric[1], pm(a), pm(b), String.format(Locale.ROOT, "%+.4f", diff),
              base != 0 ? String.format(Locale.ROOT, "%+.1f%%", diff / base * 100) : "—")));
        }
      }
      html.append("</tbody>\n</table>\n");
    } else {
      note("The reference's NeuMF-against-DeepFM table needs both neumf and deepfm in the comparison.");
    }
    List<String> ks = new ArrayList<>();
    for (Iterator<JsonNode> it = models.elements(); it.hasNext(); ) {
      for (String k : sortedKeys(it.next().path("summary"))) {
        if (!ks.contains(k)) {
          ks.add(k);
        }
      }
    }
    ks.sort((x, y) -> Integer.compare(parseK(x), parseK(y)));
    List<String> head = new ArrayList<>(List.of("Model", "Runs"));
    for (String k : ks) {
      head.add("HR@" + k);
      head.add("NDCG@" + k);
    }
    head.add("MAP@10");
    html.append("<table id=\"comparison-all\" class=\"num\">\n<caption>")
        .append(Html.escape("Every model, test set, mean ± sd over seeds (popularity has no seed)"))
        .append("</caption>\n<thead>").append(Html.row(true, head)).append("</thead>\n<tbody>\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode s = e.getValue().path("summary");
      List<Object> row = new ArrayList<>(List.of(e.getKey(), e.getValue().path("runs").size()));
      for (String k : ks) {
        row.add(pm(s.path(k).path("hit_rate")));
        row.add(pm(s.path(k).path("ndcg")));
      }
      row.add(pm(s.path("10").path("map")));
      html.append(Html.dataRow(1, row));
    }
    html.append("</tbody>\n</table>\n");
    if (Html.isPng(in.comparisonPng())) {
      html.append(Html.pngImage("chart-comparison",
          "Test HR@10, NDCG@10 and MAP@10 by model, mean over seeds with one-standard-deviation error bars",
          in.comparisonPng())).append('\n');
    } else {
      note("No comparison.png beside comparison.json.");
    }
    html.append("</section>\n");
  }

  private void analysis() {
    section("sec-analysis", "Embeddings");
    ModelBundle bundle = in.model();
    EmbeddingAnalysis a;
    try {
      a = new EmbeddingAnalysis(bundle);
    } catch (IllegalArgumentException e) {
      if (!in.movies().isEmpty()) {
        throw e;
      }
      note("No embedding analysis: " + e.getMessage() + ".");
      html.append("</section>\n");
      return;
    }
    List<FieldNorms> norms = a.fieldNorms();
    html.append("<h3>Embedding norms by field</h3>\n");
    html.append(Html.pngImage("chart-norms", "Mean L2 norm of each field's embedding rows, with the standard deviation as error bars",
        png(AnalysisCharts.norms(norms)))).append('\n');
    html.append("<table id=\"field-norms\" class=\"num\">\n<thead>")
        .append(Html.row(true, List.of("Field", "Size", "Mean norm", "Std"))).append("</thead>\n<tbody>\n");
    for (FieldNorms f : norms) {
      html.append(Html.dataRow(1, List.of(f.field(), count(f.size()), f4(f.meanNorm()), f4(f.stdNorm()))));
    }
    html.append("</tbody>\n</table>\n");

    html.append("<h3>Genre first-order weights</h3>\n");
    List<GenreWeight> genres = a.genreWeights();
    if (genres.isEmpty()) {
      note("The model has no first-order genre weights.");
    } else {
      html.append(Html.pngImage("chart-genres", "First-order weight of each genre, largest first; positive raises the prediction",
          png(AnalysisCharts.genres(genres)))).append('\n');
      html.append("<table id=\"genre-weights\" class=\"num\">\n<caption>Positive raises the predicted probability</caption>\n<thead>")
          .append(Html.row(true, List.of("Genre", "Weight"))).append("</thead>\n<tbody>\n");
      for (GenreWeight g : genres) {
        html.append(Html.dataRow(1, List.of(g.genre(), String.format(Locale.ROOT, "%+.4f", g.weight()))));
      }
      html.append("</tbody>\n</table>\n");
    }

    html.append("<h3>Nearest movies</h3>\n");
    List<Integer> items = new ArrayList<>();
    if (in.movies().isEmpty()) {
      items.add(bundle.itemIds().indexOf(DEFAULT_ITEM).orElse(0));
    } else {
      for (String movie : in.movies()) {
        items.add(a.findItem(movie));
      }
    }
    List<List<Neighbour>> lists = new ArrayList<>();
    try {
      for (int i : items) {
        lists.add(a.nearest(i, in.neighbours()));
      }
    } catch (IllegalArgumentException e) {
      if (!in.movies().isEmpty()) {
        throw e;
      }
      note("No nearest movies: " + e.getMessage() + ".");
      html.append("</section>\n");
      return;
    }
    html.append("<table id=\"nearest\" class=\"num\">\n<caption>By cosine similarity of item-id embeddings</caption>\n<thead>")
        .append(Html.row(true, List.of("Rank", "Movie", "Id", "Cosine"))).append("</thead>\n");
    for (int q = 0; q < items.size(); q++) {
      int i = items.get(q);
      html.append("<tbody>\n<tr class=\"group\"><th colspan=\"4\" scope=\"rowgroup\">")
          .append(Html.escape("Nearest to " + bundle.catalog().titles().get(i) + " (id " + bundle.itemIds().id(i) + ")"))
          .append("</th></tr>\n");
      int r = 1;
      for (Neighbour x : lists.get(q)) {
        html.append("<tr><td>").append(r++).append("</td><td class=\"text\">").append(Html.escape(x.title()))
            .append("</td><td>").append(Html.escape(x.itemId())).append("</td><td>")
            .append(Html.escape(String.format(Locale.ROOT, "%.3f", x.cosine()))).append("</td></tr>\n");
      }
      html.append("</tbody>\n");
    }
    html.append("</table>\n</section>\n");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void section(String id, String title) {
    html.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.escape(title)).append("</h2>\n");
  }

  private void note(String text) {
    html.append("<p class=\"note\">").append(Html.escape(text)).append("</p>\n");
  }

  private void keyValueTable(String id, String caption, List<String[]> rows) {
    html.append("<table id=\"").append(id).append("\">\n");
    if (caption != null) {
      html.append("<caption>").append(Html.escape(caption)).append("</caption>\n");
    }
    html.append("<tbody>\n");
    for (String[] r : rows) {
      html.append("<tr><th scope=\"row\">").append(Html.escape(r[0])).append("</th><td>").append(Html.escape(r[1]))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static String[] kv(String k, String v) {
    return new String[] {k, v};
  }

  /** The history of metrics.json as epoch records (examples recovered from throughput and time). */
  static List<EpochRecord> history(JsonNode history) {
    List<EpochRecord> out = new ArrayList<>();
    if (!history.isArray()) {
      return out;
    }
    for (JsonNode e : history) {
      if (!e.path("epoch").canConvertToInt() || !e.path("loss").isNumber()) {
        continue;
      }
      double train = e.path("train_s").asDouble(0);
      out.add(new EpochRecord(e.path("epoch").asInt(), e.path("loss").asDouble(),
          e.path("val").path("ndcg@10").asDouble(Double.NaN), e.path("val").path("hit_rate@10").asDouble(Double.NaN),
          e.path("sample_s").asDouble(0), train, e.path("eval_s").asDouble(0),
          (int) Math.round(e.path("samples_per_s").asDouble(0) * train)));
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, List<String[]> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.add(new String[] {prefix.isEmpty() ? "value" : prefix, value(node)});
    }
  }

  /** A JSON value as a person would write it: 0.00001 not 1.0E-5, lists comma-separated. */
  static String value(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "—";
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    if (v.isNumber()) {
      String plain = new BigDecimal(v.asText()).stripTrailingZeros().toPlainString();
      return plain.length() <= 12 ? plain : v.asText();
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(value(x)));
      return String.join(", ", parts);
    }
    if (v.isObject()) {
      return v.toString();
    }
    return v.asText();
  }

  private static String text(JsonNode v, String missing) {
    return v == null || v.isMissingNode() || v.isNull() ? missing : value(v);
  }

  private static String joinText(JsonNode array, String sep) {
    List<String> parts = new ArrayList<>();
    array.forEach(x -> parts.add(x.asText()));
    return String.join(sep, parts);
  }

  private static String count(JsonNode v) {
    return v.canConvertToLong() ? count(v.asLong()) : text(v, "?");
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String f4(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  private static String f2(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }

  private static String seconds(double s) {
    return s < 120 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.1f min (%.0f s)", s / 60, s);
  }

  /** Mean ± sd of a {mean, sd, n} summary; the mean alone when there is one run. */
  private static String pm(JsonNode s) {
    if (!s.path("mean").isNumber()) {
      return "—";
    }
    return s.path("n").asInt(1) > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", s.path("mean").asDouble(), s.path("sd").asDouble())
        : f4(s.path("mean").asDouble());
  }

  private static String metricLabel(String key) {
    return switch (key) {
      case "recall" -> "Recall";
      case "hit_rate" -> "HR";
      case "ndcg" -> "NDCG";
      case "map" -> "MAP";
      case "mrr" -> "MRR";
      default -> key;
    };
  }

  private static int parseK(String k) {
    try {
      return Integer.parseInt(k);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static List<String> sortedKeys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    if (object.isObject()) {
      object.fieldNames().forEachRemaining(keys::add);
    }
    keys.sort((x, y) -> Integer.compare(parseK(x), parseK(y)));
    return keys;
  }

  private static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] png(CategoryChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
