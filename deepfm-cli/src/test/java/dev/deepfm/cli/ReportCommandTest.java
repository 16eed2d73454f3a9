package dev.deepfm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.cli.report.Html;
import dev.deepfm.cli.report.HtmlReport;
import dev.deepfm.core.io.ModelFile;
import dev.deepfm.datasets.movielens.MovieLensFixture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deepfm report} on a real (small) run folder and comparison: the HTML's structure, and the
 * page as headless Chromium renders it. Chromium is required: without it the browser tests fail.
 */
class ReportCommandTest {
  /** Where Chromium is looked for; {@code -Ddeepfm.chromium=PATH} overrides. */
  static final String CHROMIUM = System.getProperty("deepfm.chromium", "/usr/bin/chromium");
  static final long CHROMIUM_TIMEOUT_S = 60;
  static final List<String> TABLES = List.of("summary", "config", "history", "test-metrics", "comparison-reference",
      "comparison-all", "field-norms", "genre-weights", "nearest");
  static final Set<String> CHARTS = Set.of("chart-training", "chart-comparison", "chart-norms", "chart-genres");
  static final String MARKUP_TITLE = "<i>Movie %d</i> & \"co\" (";

  @TempDir
  static Path tmp;
  static Path run;
  static Path cmp;
  static Path report;
  static String html;
  static String secondItem;
  static final String RUN_NAME = "run <1> & \"q\"";

  @BeforeAll
  static void runAndCompareAndReport() throws Exception {
    Path data = MovieLensFixture.write(tmp.resolve("ml"), 11, 50, 80, 12);
    // titles with markup in them, to prove that the page escapes what it prints
    List<String> items = Files.readAllLines(data.resolve("u.item"), StandardCharsets.ISO_8859_1);
    List<String> marked = new ArrayList<>();
    for (String line : items) {
      String[] f = line.split("\\|", 3);
      marked.add(f[1].startsWith("Movie ") ? f[0] + "|" + f[1].replaceFirst("^Movie (\\d+) \\(", "<i>Movie $1</i> & \"co\" (")
          + "|" + f[2] : line);
    }
    Files.write(data.resolve("u.item"), (String.join("\n", marked) + "\n").getBytes(StandardCharsets.ISO_8859_1));

    run = tmp.resolve(RUN_NAME);
    CliRunner.Result t = CliRunner.run("train", "--data", data.toString(), "--out", run.toString(),
        "--epochs", "2", "--seed", "5", "--threads", "2", "--quiet");
    assertThat(t.status()).as(t.err()).isZero();
    cmp = tmp.resolve("cmp");
    CliRunner.Result c = CliRunner.run("compare", "--data", data.toString(), "--out", cmp.toString(),
        "--seeds", "1,2", "--epochs", "1", "--models", "neumf,deepfm,popularity", "--threads", "2");
    assertThat(c.status()).as(c.err()).isZero();
    secondItem = ModelFile.read(run.resolve("model.deepfm")).itemIds().id(3);
    CliRunner.Result r = CliRunner.run("report", run.toString(), "--comparison", cmp.toString(),
        "--movie", "Café Society", "--movie", secondItem);
    assertThat(r.status()).as(r.err()).isZero();
    report = run.resolve("report.html");
    assertThat(r.out()).startsWith("Wrote " + report);
    html = Files.readString(report, StandardCharsets.UTF_8);
  }

  // ---- structure -----------------------------------------------------------------------------

  @Test
  void pageIsSelfContained() {
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">")
        .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; img-src data:;"
            + " style-src &#39;unsafe-inline&#39;\">");
    String lower = html.toLowerCase(Locale.ROOT);
    assertThat(lower).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script")
        .doesNotContain("<link").doesNotContain("<iframe").doesNotContain("url(").doesNotContain("@import")
        .doesNotContain("@font-face");
    assertThat(Pattern.compile("<[^>]*\\son[a-z]+\\s*=").matcher(lower).find()).as("event-handler attribute").isFalse();
    Matcher src = Pattern.compile("\\s(src|href|srcset|action|poster|data)\\s*=\\s*\"([^\"]*)\"").matcher(html);
    int n = 0;
    while (src.find()) {
      n++;
      if (src.group(1).equals("href")) {
        assertThat(src.group(2)).as("link").startsWith("#");
      } else {
        assertThat(src.group(1)).isEqualTo("src");
        assertThat(src.group(2)).startsWith("data:image/png;base64,");
      }
    }
    assertThat(n).isGreaterThan(4);
  }

  @Test
  void everyChartIsAnInlineValidPng() throws Exception {
    Map<String, BufferedImage> images = images(html);
    assertThat(images.keySet()).isEqualTo(CHARTS);
    assertThat(images.get("chart-training").getWidth()).isEqualTo(1500);
    for (BufferedImage img : images.values()) {
      assertThat(img.getWidth()).isGreaterThan(100);
      assertThat(img.getHeight()).isGreaterThan(100);
    }
  }

  @Test
  void tablesHoldTheRunTheComparisonAndTheAnalysis() throws Exception {
    JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    Map<String, Integer> rows = tableRows(html);
    assertThat(rows.keySet()).containsExactlyElementsOf(TABLES);
    assertThat(rows.get("config")).isEqualTo(leaves(m.path("config")));
    assertThat(rows.get("history")).isEqualTo(2);
    assertThat(rows.get("test-metrics")).isEqualTo(3);
    assertThat(rows.get("comparison-reference")).isEqualTo(9); // K = 5, 10, 20 x Recall, NDCG, MAP
    assertThat(rows.get("comparison-all")).isEqualTo(3);
    assertThat(rows.get("field-norms")).isEqualTo(m.path("data").path("fields").asInt()).isEqualTo(24);
    assertThat(rows.get("genre-weights")).isEqualTo(19);
    assertThat(rows.get("nearest")).isEqualTo(2 * (1 + 10));

    String config = table(html, "config");
    assertThat(config).contains("<td>weight_decay</td><td>0.00001</td>").contains("<td>hidden</td><td>128, 64, 32</td>");
    String test = table(html, "test-metrics");
    assertThat(test).contains(String.format(Locale.ROOT, "<td>10</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>",
        m.path("test").path("10").path("recall").asDouble(), m.path("test").path("10").path("hit_rate").asDouble(),
        m.path("test").path("10").path("ndcg").asDouble()));
    JsonNode c = new ObjectMapper().readTree(cmp.resolve("comparison.json").toFile());
    JsonNode nr = c.path("models").path("neumf").path("summary").path("20").path("ndcg");
    JsonNode dr = c.path("models").path("deepfm").path("summary").path("20").path("ndcg");
    assertThat(table(html, "comparison-reference")).contains(String.format(Locale.ROOT,
        "<td class=\"text\">20</td><td class=\"text\">NDCG@K</td><td>%.4f ± %.4f</td><td>%.4f ± %.4f</td>", nr.path("mean").asDouble(),
        nr.path("sd").asDouble(), dr.path("mean").asDouble(), dr.path("sd").asDouble()));
    assertThat(table(html, "comparison-all")).contains(">neumf<").contains(">deepfm<").contains(">popularity<");
    assertThat(table(html, "summary")).contains(m.path("data").path("fingerprint").asText())
        .contains("<td>5</td>"); // the seed
    assertThat(table(html, "nearest")).contains("Nearest to Café Society (1995) (id 1)")
        .contains("(id " + secondItem + ")");
  }

  @Test
  void textIsEscaped() {
    assertThat(html).contains("<title>deepfm report: run &lt;1&gt; &amp; &quot;q&quot;</title>")
        .doesNotContain("<1>").doesNotContain("<i>Movie").contains("&lt;i&gt;Movie ")
        .contains("&lt;/i&gt; &amp; &quot;co&quot; (");
    assertThat(Html.escape("<a href='x'>&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    assertThat(Html.escape("plain é ±")).isEqualTo("plain é ±");
  }

  @Test
  void findsTheComparisonInTheRunFolderAndDefaultsToItem50OrTheFirst() throws Exception {
    Path both = tmp.resolve("both");
    copyFolder(run, both);
    Files.delete(both.resolve("report.html"));
    Files.copy(cmp.resolve("comparison.json"), both.resolve("comparison.json"));
    Files.copy(cmp.resolve("comparison.png"), both.resolve("comparison.png"));
    CliRunner.Result r = CliRunner.run("report", both.toString(), "-n", "3");
    assertThat(r.status()).as(r.err()).isZero();
    String page = Files.readString(both.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(tableRows(page)).containsEntry("comparison-reference", 9).containsEntry("nearest", 1 + 3);
    var bundle = ModelFile.read(both.resolve("model.deepfm"));
    int expected = bundle.itemIds().indexOf(HtmlReport.DEFAULT_ITEM).orElse(0);
    assertThat(table(page, "nearest")).contains("(id " + bundle.itemIds().id(expected) + ")");
    assertThat(images(page).keySet()).isEqualTo(CHARTS);

    Path alone = tmp.resolve("alone.html");
    CliRunner.Result r2 = CliRunner.run("report", run.toString(), "--out", alone.toString());
    assertThat(r2.status()).as(r2.err()).isZero();
    String page2 = Files.readString(alone, StandardCharsets.UTF_8);
    assertThat(tableRows(page2)).doesNotContainKeys("comparison-reference", "comparison-all");
    assertThat(images(page2).keySet()).containsExactlyInAnyOrder("chart-training", "chart-norms", "chart-genres");
    assertThat(page2).contains("No comparison");
  }

  @Test
  void errorsAreOneLineNamingTheFileAndWriteNothing() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRunner.Result r = CliRunner.run("report", empty.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: " + empty.resolve("metrics.json") + ": missing (not a deepfm train run folder?)");
    assertThat(empty).isEmptyDirectory();

    Path broken = tmp.resolve("broken-model");
    copyFolder(run, broken);
    Files.delete(broken.resolve("report.html"));
    byte[] model = Files.readAllBytes(broken.resolve("model.deepfm"));
    Files.write(broken.resolve("model.deepfm"), java.util.Arrays.copyOf(model, model.length / 2));
    CliRunner.Result r2 = CliRunner.run("report", broken.toString());
    assertThat(r2.status()).isEqualTo(1);
    assertThat(r2.err().strip()).startsWith("error: " + broken.resolve("model.deepfm") + ": truncated model file")
        .doesNotContain("\n");
    try (Stream<Path> s = Files.list(broken)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("metrics.json", "history.csv", "model.deepfm", "training.png");
    }

    Files.writeString(broken.resolve("metrics.json"), "{\"test\": [1, 2");
    CliRunner.Result r3 = CliRunner.run("report", broken.toString());
    assertThat(r3.err().strip()).startsWith("error: " + broken.resolve("metrics.json") + ": invalid JSON").doesNotContain("\n");

    CliRunner.Result r4 = CliRunner.run("report", run.toString(), "--movie", "No Such Film", "--out", tmp.resolve("x.html").toString());
    assertThat(r4.status()).isEqualTo(1);
    assertThat(r4.err().strip()).isEqualTo("error: no item with id or title 'No Such Film'");
    assertThat(tmp.resolve("x.html")).doesNotExist();

    CliRunner.Result r5 = CliRunner.run("report", run.toString(), "--comparison", empty.toString(), "--out", tmp.resolve("x.html").toString());
    assertThat(r5.err().strip()).isEqualTo("error: " + empty.resolve("comparison.json") + ": missing (not a deepfm compare folder?)");
    assertThat(tmp.resolve("x.html")).doesNotExist();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList()).isEmpty();
    }
  }

  // ---- in the browser ------------------------------------------------------------------------

  @Test
  void chromiumRendersEveryChartAndTable() throws Exception {
    JsonNode verdict = renderVerdict(html, tmp.resolve("browser"));
    assertPageRendered(verdict);
    assertThat(verdict.path("title").asText()).isEqualTo("deepfm report: " + RUN_NAME);
    Map<String, BufferedImage> expected = images(html);
    assertThat(verdict.path("images")).hasSize(CHARTS.size());
    for (JsonNode img : verdict.path("images")) {
      assertThat(img.path("naturalWidth").asInt()).as(img.path("id").asText())
          .isEqualTo(expected.get(img.path("id").asText()).getWidth());
      assertThat(img.path("alt").asText()).isNotBlank();
    }
    Map<String, Integer> rows = tableRows(html);
    for (String id : TABLES) {
      assertThat(verdict.path("tables").path(id).asInt(-1)).as("rows of table " + id).isEqualTo(rows.get(id));
    }
    // the inline style sheet applied under the page's own policy, and nothing was fetched or blocked
    assertThat(verdict.path("borderCollapse").asText()).isEqualTo("collapse");
    assertThat(verdict.path("fetched")).isEmpty();
    assertThat(verdict.path("violations")).isEmpty();
  }

  @Test
  void chromiumScreenshotOfTheReportIsNotBlank() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("shot"));
    Path png = dir.resolve("report.png");
    chromium(dir, "--hide-scrollbars", "--window-size=1280,4000", "--screenshot=" + png, report.toUri().toString());
    assertThat(png).as("screenshot").isRegularFile();
    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot.getWidth()).isEqualTo(1280);
    assertThat(shot.getHeight()).isEqualTo(4000);
    Set<Integer> colours = new HashSet<>();
    int background = shot.getRGB(0, 0);
    long inked = 0;
    long total = 0;
    for (int y = 0; y < shot.getHeight(); y += 3) {
      for (int x = 0; x < shot.getWidth(); x += 3) {
        int rgb = shot.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        inked += rgb != (background & 0xffffff) ? 1 : 0;
        total++;
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
    assertThat((double) inked / total).as("share of non-background pixels").isGreaterThan(0.03);
  }

  @Test
  void theBrowserCheckCatchesABrokenImage() throws Exception {
    BufferedImage small = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(small, "png", bytes);
    String good = Base64.getEncoder().encodeToString(bytes.toByteArray());
    String corrupt = good.substring(0, 24) + "!!not*base64 at all!!" + good.substring(60);
    String page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\""
        + Html.escape(HtmlReport.CSP) + "\">\n<title>broken</title></head><body>\n"
        + "<img class=\"chart\" id=\"good\" alt=\"good\" src=\"data:image/png;base64," + good + "\">\n"
        + "<img class=\"chart\" id=\"bad\" alt=\"bad\" src=\"data:image/png;base64," + corrupt + "\">\n"
        + "<table id=\"t\"><tbody><tr><td>1</td></tr></tbody></table>\n</body></html>\n";
    JsonNode verdict = renderVerdict(page, tmp.resolve("browser-broken"));
    assertThat(verdict.path("images")).hasSize(2);
    assertThat(verdict.path("images").get(0).path("naturalWidth").asInt()).isEqualTo(40);
    assertThat(verdict.path("images").get(1).path("id").asText()).isEqualTo("bad");
    assertThat(verdict.path("images").get(1).path("naturalWidth").asInt()).isZero();
    assertThatThrownBy(() -> assertPageRendered(verdict)).isInstanceOf(AssertionError.class).hasMessageContaining("bad");
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Every chart decoded, every table has rows. */
  static void assertPageRendered(JsonNode verdict) {
    assertThat(verdict.path("images").size()).as("images").isPositive();
    for (JsonNode img : verdict.path("images")) {
      assertThat(img.path("complete").asBoolean() && img.path("naturalWidth").asInt() > 0)
          .as("image %s decoded (naturalWidth %d)", img.path("id").asText(), img.path("naturalWidth").asInt()).isTrue();
    }
    assertThat(verdict.path("tables").size()).as("tables").isPositive();
    verdict.path("tables").fields().forEachRemaining(e ->
        assertThat(e.getValue().asInt()).as("rows of table " + e.getKey()).isPositive());
  }

  /**
   * The page as Chromium sees it: a copy gets a script (allowed by adding {@code script-src
   * 'unsafe-inline'} to the page's own policy, which otherwise stays in force) that, on load,
   * writes a JSON verdict into {@code body[data-verdict]}; Chromium dumps the DOM and the verdict is
   * read back.
   */
  static JsonNode renderVerdict(String page, Path dir) throws Exception {
    Files.createDirectories(dir);
    String policy = "content=\"" + Html.escape(HtmlReport.CSP) + "\">";
    assertThat(page).contains(policy);
    String check = """
        <script>
        (function () {
          var violations = [];
          document.addEventListener('securitypolicyviolation', function (e) {
            violations.push(e.violatedDirective + ' ' + e.blockedURI);
          });
          window.addEventListener('load', function () {
            var images = Array.from(document.images).map(function (i) {
              return {id: i.id, alt: i.alt, complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight};
            });
            var tables = {};
            document.querySelectorAll('table[id]').forEach(function (t) {
              tables[t.id] = t.querySelectorAll('tbody tr').length;
            });
            var first = document.querySelector('table');
            var fetched = performance.getEntriesByType('resource').map(function (r) { return r.name; })
                .filter(function (n) { return n.indexOf('data:') !== 0; });
            document.body.dataset.verdict = JSON.stringify({title: document.title, images: images, tables: tables,
                borderCollapse: first ? getComputedStyle(first).borderCollapse : '', fetched: fetched,
                violations: violations});
          });
        })();
        </script>
        """;
    String copy = page.replace(policy, "content=\"" + Html.escape(HtmlReport.CSP + "; script-src 'unsafe-inline'") + "\">\n" + check);
    Path file = dir.resolve("check.html");
    Files.writeString(file, copy, StandardCharsets.UTF_8);
    String dom = chromium(dir, "--dump-dom", file.toUri().toString());
    Matcher v = Pattern.compile("data-verdict=\"([^\"]*)\"").matcher(dom);
    if (!v.find()) {
      fail("no verdict in the DOM Chromium dumped (the check script did not run?): "
          + dom.substring(0, Math.min(500, dom.length())));
    }
    return new ObjectMapper().readTree(unescapeAttribute(v.group(1)));
  }

  /**
   * Runs headless Chromium with a fresh profile and the given arguments; returns its standard
   * output. Fails (does not skip) when Chromium is missing; kills it after {@link #CHROMIUM_TIMEOUT_S}.
   */
  static String chromium(Path dir, String... args) throws Exception {
    if (!Files.isExecutable(Path.of(CHROMIUM))) {
      fail("Chromium is needed to test the HTML report and was not found at " + CHROMIUM
          + ": install it (apt-get install chromium), or pass -Ddeepfm.chromium=PATH");
    }
    // outside @TempDir: a browser helper process that outlives the browser must not fail the cleanup
    Path profile = Files.createTempDirectory("deepfm-chromium-profile");
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(CHROMIUM_TIMEOUT_S, TimeUnit.SECONDS)) {
        kill(p);
        fail("Chromium did not finish within " + CHROMIUM_TIMEOUT_S + " s (killed): " + tail(err));
      }
      assertThat(p.exitValue()).as("Chromium exit status; stderr: " + tail(err)).isZero();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      if (p.isAlive()) {
        kill(p);
      }
      deleteQuietly(profile);
    }
  }

  private static void kill(Process p) throws InterruptedException {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    p.waitFor(10, TimeUnit.SECONDS);
  }

  private static String tail(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: a temporary profile
    }
  }

  /** An attribute value as serialized by the browser, back to text. */
  static String unescapeAttribute(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    Map<String, String> named = Map.of("quot", "\"", "amp", "&", "lt", "<", "gt", ">", "apos", "'", "nbsp", "\u00a0");
    Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);").matcher(s);
    while (m.find()) {
      String e = m.group(1);
      String rep = e.startsWith("#x") ? new String(Character.toChars(Integer.parseInt(e.substring(2), 16)))
          : e.startsWith("#") ? new String(Character.toChars(Integer.parseInt(e.substring(1))))
          : named.getOrDefault(e, m.group());
      m.appendReplacement(sb, Matcher.quoteReplacement(rep));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The page's images by id, decoded from their data: URIs (each must be a PNG). */
  static Map<String, BufferedImage> images(String page) throws IOException {
    Map<String, BufferedImage> out = new LinkedHashMap<>();
    Matcher img = Pattern.compile("<img\\s([^>]*)>").matcher(page);
    while (img.find()) {
      String attrs = img.group(1);
      String id = attr(attrs, "id");
      assertThat(attr(attrs, "alt")).as("alt of " + id).isNotBlank();
      assertThat(attr(attrs, "class")).as("class of " + id).isEqualTo("chart");
      String src = attr(attrs, "src");
      assertThat(src).as("src of " + id).startsWith("data:image/png;base64,");
      byte[] bytes = Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()));
      assertThat(Html.isPng(bytes)).as(id + " is a PNG").isTrue();
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      assertThat(image).as(id + " decodes").isNotNull();
      assertThat(out.put(id, image)).as("duplicate id " + id).isNull();
    }
    return out;
  }

  private static String attr(String attrs, String name) {
    Matcher m = Pattern.compile("(?:^|\\s)" + name + "=\"([^\"]*)\"").matcher(attrs);
    return m.find() ? m.group(1) : null;
  }

  /** Rows in the body of each table with an id, in page order. */
  static Map<String, Integer> tableRows(String page) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Matcher t = Pattern.compile("<table id=\"([^\"]+)\"").matcher(page);
    while (t.find()) {
      String body = table(page, t.group(1)).replaceAll("(?s)<thead>.*?</thead>", "");
      out.put(t.group(1), body.split("<tr[ >]", -1).length - 1);
    }
    return out;
  }

  static String table(String page, String id) {
    int start = page.indexOf("<table id=\"" + id + "\"");
    assertThat(start).as("table " + id).isNotNegative();
    return page.substring(start, page.indexOf("</table>", start));
  }

  private static int leaves(JsonNode node) {
    if (!node.isObject()) {
      return 1;
    }
    int n = 0;
    for (JsonNode child : node) {
      n += leaves(child);
    }
    return n;
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
