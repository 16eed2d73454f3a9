package dev.deepfm.cli.chart;

import dev.deepfm.core.analysis.EmbeddingAnalysis.FieldNorms;
import dev.deepfm.core.analysis.EmbeddingAnalysis.GenreWeight;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Charts of the embedding analysis: norms by field, genre first-order weights. */
public final class AnalysisCharts {
  private AnalysisCharts() {}

  private static CategoryChart base(String title, String y) {
    CategoryChart c = new CategoryChartBuilder().width(1000).height(450).title(title).yAxisTitle(y).build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisLabelRotation(60);
    c.getStyler().setDecimalPattern("#.###");
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    return c;
  }

  /** Mean embedding norm per field, with the standard deviation as error bars. */
  public static CategoryChart norms(List<FieldNorms> norms) {
    CategoryChart c = base("Embedding norm by field (mean ± sd over the field's rows)", "L2 norm");
    c.addSeries("mean norm", norms.stream().map(FieldNorms::field).toList(),
        norms.stream().map(n -> (Number) n.meanNorm()).toList(), norms.stream().map(n -> (Number) n.stdNorm()).toList());
    c.getStyler().setSeriesColors(new Color[] {new Color(31, 119, 180)});
    return c;
  }

  /** First-order weight per genre, largest first. */
  public static CategoryChart genres(List<GenreWeight> weights) {
    CategoryChart c = base("Genre first-order weights (positive raises the prediction)", "weight");
    c.addSeries("weight", weights.stream().map(GenreWeight::genre).toList(),
        weights.stream().map(w -> (Number) w.weight()).toList());
    c.getStyler().setSeriesColors(new Color[] {new Color(255, 127, 14)});
    return c;
  }

  /** Writes a chart as a PNG. */
  public static void write(CategoryChart chart, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
