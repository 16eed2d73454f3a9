package dev.deepfm.cli.chart;

import dev.deepfm.core.eval.Metric;
import dev.deepfm.core.eval.ModelComparison;
import dev.deepfm.core.eval.Stats;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Test metrics by model, mean over seeds with one-standard-deviation error bars. */
public final class ComparisonChart {
  private ComparisonChart() {}

  /** The chart of HR@k, NDCG@k and MAP@k for every model. */
  public static CategoryChart chart(List<ModelComparison.Run> runs, List<String> models, int k) {
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(500)
        .title("Test metrics at K = " + k + " (mean ± sd over seeds)").xAxisTitle("Model").yAxisTitle("Value").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
    chart.getStyler().setDecimalPattern("#.###");
    chart.getStyler().setSeriesColors(new Color[] {new Color(31, 119, 180), new Color(44, 160, 44), new Color(255, 127, 14)});
    for (Metric m : new Metric[] {Metric.HIT_RATE, Metric.NDCG, Metric.MAP}) {
      double[] mean = new double[models.size()];
      double[] sd = new double[models.size()];
      for (int i = 0; i < models.size(); i++) {
        Stats s = ModelComparison.stats(runs, models.get(i), k, m);
        mean[i] = s.mean();
        sd[i] = s.sd();
      }
      chart.addSeries(m.key() + "@" + k, models, java.util.Arrays.stream(mean).boxed().toList(),
          java.util.Arrays.stream(sd).boxed().toList());
    }
    return chart;
  }

  /** Writes the chart as a PNG. */
  public static void write(List<ModelComparison.Run> runs, List<String> models, int k, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BitmapEncoder.saveBitmap(chart(runs, models, k), png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
