package dev.deepfm.cli;

import dev.deepfm.core.data.RecData;
import dev.deepfm.datasets.movielens.MovieLens;
import dev.deepfm.datasets.movielens.MovieLensDownloader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the data comes from and how it maps to fields; shared by the commands that load data. */
final class DataOptions {
  @Option(names = "--data", paramLabel = "DIR",
      description = "MovieLens 100K folder (u.data, u.user, u.item). Default: downloaded once to the cache "
          + "($DEEPFM_CACHE, else $XDG_CACHE_HOME/deepfm, else ~/.cache/deepfm).")
  Path data;

  @Option(names = "--genres", paramLabel = "fields|multi", defaultValue = "fields",
      description = "Genres as 19 binary fields (the reference's 24-field layout) or as one multi-valued field. Default: ${DEFAULT-VALUE}.")
  String genres;

  @Option(names = "--cold-start",
      description = "Give user_id and item_id an out-of-vocabulary row, so that the model can serve users and movies "
          + "it has never seen (learnt by hiding ids, see --id-mask-rate).")
  boolean coldStart;

  MovieLens.Options options() {
    MovieLens.Genres g = switch (genres.toLowerCase(Locale.ROOT)) {
      case "fields" -> MovieLens.Genres.FIELDS;
      case "multi" -> MovieLens.Genres.MULTI;
      default -> throw new Main.UsageException("--genres must be 'fields' or 'multi', not '" + genres + "'");
    };
    return MovieLens.Options.defaults().withGenres(g).withColdStart(coldStart);
  }

  /** The options as recorded in run outputs. */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", "ml-100k");
    m.put("genres", genres.toLowerCase(Locale.ROOT));
    m.put("cold_start", coldStart);
    m.put("positive_threshold", 4);
    m.put("split", "leave-one-out by time, stable");
    return m;
  }

  /** Reads (downloading first if needed) and maps the data. */
  RecData load(PrintWriter out, boolean quiet) throws IOException {
    MovieLens.Options opts = options();
    Path dir = data;
    if (dir == null) {
      MovieLensDownloader downloader = new MovieLensDownloader(MovieLensDownloader.defaultCacheRoot(),
          MovieLensDownloader.Source.official());
      if (!downloader.isReady() && !quiet) {
        out.println("Downloading MovieLens 100K to " + downloader.datasetDir() + " (once)");
      }
      dir = downloader.ensure(quiet ? new MovieLensDownloader.Progress() {} : new DownloadProgress(out));
    }
    return MovieLens.load(dir, opts);
  }
}
