package dev.deepfm.cli;

import dev.deepfm.core.train.EpochRecord;
import dev.deepfm.core.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a bar per epoch on a terminal (none when output is redirected), and a
 * line per epoch with the loss, validation NDCG@10 and HR@10 and the seconds spent.
 */
final class ConsoleProgress implements TrainingListener {
  private final PrintWriter out;
  private final int epochs;
  private final boolean bars;
  private final String label;
  private ProgressBar bar;

  ConsoleProgress(PrintWriter out, int epochs, String label) {
    this.out = out;
    this.epochs = epochs;
    this.label = label;
    this.bars = System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void epochStarted(int epoch, int steps) {
    if (bars) {
      bar = new ProgressBarBuilder()
          .setTaskName(String.format(Locale.ROOT, "%sepoch %2d/%d", label, epoch, epochs))
          .setInitialMax(steps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100)
          .hideEta().setMaxRenderedLength(100).clearDisplayOnFinish().continuousUpdate().build();
    }
  }

  @Override
  public void stepFinished(int epoch, int step, int steps) {
    if (bar != null) {
      bar.stepTo(step);
    }
  }

  @Override
  public void epochFinished(EpochRecord r) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    out.printf(Locale.ROOT, "%sEpoch %2d/%d | loss %.4f | val NDCG@10 %.4f | val HR@10 %.4f | %.1fs train, %.2fs eval%n",
        label, r.epoch(), epochs, r.loss(), r.valNdcg(), r.valHitRate(), r.trainSeconds(), r.evalSeconds());
    out.flush();
  }
}
