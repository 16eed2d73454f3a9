package dev.deepfm.cli;

import dev.deepfm.datasets.movielens.MovieLensDownloader;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar for the dataset download (plain lines when not on a terminal). */
final class DownloadProgress implements MovieLensDownloader.Progress {
  private final PrintWriter out;
  private ProgressBar bar;

  DownloadProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void started(long totalBytes) {
    if (System.console() != null) {
      bar = new ProgressBarBuilder().setTaskName("ml-100k.zip").setInitialMax(Math.max(totalBytes, 1))
          .setStyle(ProgressBarStyle.ASCII).setUnit(" KiB", 1024).setUpdateIntervalMillis(100)
          .continuousUpdate().build();
    } else {
      out.println("  downloading " + (totalBytes > 0 ? totalBytes / 1024 + " KiB" : "") + "...");
    }
  }

  @Override
  public void advanced(long bytesSoFar) {
    if (bar != null) {
      bar.stepTo(bytesSoFar);
    }
  }

  @Override
  public void finished() {
    if (bar != null) {
      bar.close();
    }
  }
}
