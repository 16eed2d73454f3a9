package dev.deepfm.cli.chart;

import dev.deepfm.core.train.EpochRecord;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The reference's three training panels side by side: loss, validation NDCG@10, validation HR@10. */
public final class TrainingChart {
  private TrainingChart() {}

  /** One panel. */
  static XYChart panel(String title, String yLabel, List<EpochRecord> history,
      ToDoubleFunction<EpochRecord> value, Color color) {
    XYChart chart = new XYChartBuilder().width(500).height(400).title(title).xAxisTitle("Epoch")
        .yAxisTitle(yLabel).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(220, 220, 220));
    chart.getStyler().setDecimalPattern("#.####");
    double[] x = history.stream().mapToDouble(EpochRecord::epoch).toArray();
    double[] y = history.stream().mapToDouble(value).toArray();
    var s = chart.addSeries(title, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineColor(color);
    s.setMarkerColor(color);
    return chart;
  }

  /** The three panels as one image. */
  public static BufferedImage render(List<EpochRecord> history) {
    XYChart[] charts = {
      panel("Training Loss", "BCE Loss", history, EpochRecord::loss, new Color(31, 119, 180)),
      panel("Validation NDCG@10", "NDCG@10", history, EpochRecord::valNdcg, new Color(44, 160, 44)),
      panel("Validation Hit Rate@10", "Hit Rate@10", history, EpochRecord::valHitRate, new Color(255, 127, 14)),
    };
    BufferedImage image = new BufferedImage(1500, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int i = 0; i < charts.length; i++) {
      g.drawImage(BitmapEncoder.getBufferedImage(charts[i]), i * 500, 0, null);
    }
    g.dispose();
    return image;
  }

  /** Writes the panels as a PNG. */
  public static void write(List<EpochRecord> history, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    ImageIO.write(render(history), "png", png.toFile());
  }
}
