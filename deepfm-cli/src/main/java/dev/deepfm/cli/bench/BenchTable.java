package dev.deepfm.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The benchmark results as one text table, with ratios to the PyTorch reference when it ran. */
final class BenchTable {
  private BenchTable() {}

  private static void row(StringBuilder sb, String job, JsonNode s, String unit, String format) {
    if (s.isMissingNode()) {
      return;
    }
    sb.append(String.format(Locale.ROOT, "%-52s %12s   %-23s %s%n", job, String.format(Locale.ROOT, format, s.path("median").asDouble()),
        String.format(Locale.ROOT, format + " - " + format, s.path("min").asDouble(), s.path("max").asDouble()), unit));
  }

  static String format(JsonNode r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-52s %12s   %-23s %s%n", "job (medians over " + r.path("repeat").asInt() + " runs)",
        "median", "min - max", "unit"));
    sb.append("-".repeat(100)).append('\n');
    JsonNode peak = r.path("fma_ceiling");
    if (peak.has("skipped")) {
      sb.append("FMA ceiling: skipped (").append(peak.path("skipped").asText()).append(")\n");
    }
    for (int threads : new int[] {1, 2}) {
      row(sb, String.format(Locale.ROOT, "FMA ceiling, %d-float SIMD on registers, %d thread%s", peak.path("lanes").asInt(),
          threads, threads == 1 ? "" : "s"), peak.path("gflops_" + threads + "t"), "GFLOP/s", "%.1f");
    }
    for (String key : new String[] {"train_1t_dense", "train_2t_dense", "train_2t_lazy"}) {
      JsonNode t = r.path(key);
      if (t.isMissingNode()) {
        continue;
      }
      String label = String.format(Locale.ROOT, "training, %d thread%s, %s Adam", t.path("threads").asInt(),
          t.path("threads").asInt() == 1 ? "" : "s", t.path("adam").asText());
      row(sb, label, t.path("samples_per_s"), "samples/s", "%,.0f");
    }
    for (String key : new String[] {"train_1t_dense", "train_2t_dense"}) {
      JsonNode t = r.path(key);
      String th = t.path("threads").asInt() + " thread" + (t.path("threads").asInt() == 1 ? "" : "s");
      row(sb, "full ranking pass, top-20 (bounds skip items), " + th, t.path("full_ranking_s"), "s", "%.3f");
      row(sb, "full ranking pass, every pair scored, top-20, " + th, t.path("exhaustive_ranking_s"), "s", "%.3f");
      row(sb, "test evaluation (rank of the held-out item), " + th, t.path("test_evaluation_s"), "s", "%.3f");
    }
    row(sb, "negative resampling and shuffle, per epoch", r.path("train_2t_dense").path("resample_s"), "s", "%.4f");
    row(sb, "whole default run, JVM start included (seed 1)", r.path("whole_run").path("wall_s"), "s", "%.1f");
    JsonNode scaling = r.path("scaling");
    if (scaling.isArray() && scaling.size() > 0) {
      sb.append(String.format(Locale.ROOT, "%nsynthetic data (ML-100K's shape), DeepFM, 2 threads, per epoch after the first:%n"));
      sb.append(String.format(Locale.ROOT, "  %6s %6s %9s %9s %11s %9s %10s %9s %11s %10s%n", "scale", "adam", "users", "items",
          "examples", "epoch s", "samples/s", "step us", "bytes/ex", "peak RSS"));
      for (JsonNode s : scaling) {
        sb.append(String.format(Locale.ROOT, "  %5sx %6s %,9d %,9d %,11d %9.2f %,10.0f %9.0f %11.0f %8.0fMB%n",
            BenchCommand.fmt(s.path("scale").asDouble()), s.path("adam").asText(), s.path("users").asInt(), s.path("items").asInt(),
            s.path("examples_per_epoch").asLong(), s.path("epoch_s").path("median").asDouble(),
            s.path("samples_per_s").asDouble(), s.path("step_us").path("median").asDouble(),
            s.path("bytes_per_example").asDouble(), s.path("peak_rss_bytes").asDouble() / 1e6));
      }
    }
    JsonNode torch = r.path("torch");
    if (!torch.isMissingNode()) {
      sb.append('\n');
      if (torch.has("skipped")) {
        sb.append("PyTorch reference: skipped (").append(torch.path("skipped").asText()).append(")\n");
      } else {
        sb.append("PyTorch reference, same machine, same run (torch ").append(torch.path("torch_version").asText()).append("):\n");
        for (String key : new String[] {"torch_fast_1t", "torch_fast_2t"}) {
          JsonNode t = torch.path(key);
          if (t.isMissingNode()) {
            continue;
          }
          double wall = t.path("wall_s").asDouble();
          double rate = t.path("timings").path("train_samples_per_s").asDouble();
          double evalPerEpoch = t.path("timings").path("val_eval_s").asDouble() / Math.max(1, t.path("epochs").asInt());
          sb.append(String.format(Locale.ROOT, "  %-24s whole run %6.1f s, training %,8.0f samples/s, validation ranking %.2f s/epoch, "
              + "test ranking %.2f s%n", "torch_fast.py, " + key.substring("torch_fast_".length(), key.length() - 1) + " thread(s):",
              wall, rate, evalPerEpoch, t.path("timings").path("test_eval_s").asDouble()));
        }
        if (torch.has("notebook")) {
          sb.append(String.format(Locale.ROOT, "  %-18s whole run %6.1f s%n", "notebook", torch.path("notebook").path("wall_s").asDouble()));
        }
        double ours = r.path("whole_run").path("wall_s").path("median").asDouble();
        JsonNode t1 = torch.path("torch_fast_1t");
        if (ours > 0 && !t1.isMissingNode()) {
          sb.append(String.format(Locale.ROOT, "  ratios: whole run torch_fast (1 thr) / deepfm = %.1fx", t1.path("wall_s").asDouble() / ours));
          if (torch.has("notebook")) {
            sb.append(String.format(Locale.ROOT, ", notebook / deepfm = %.1fx", torch.path("notebook").path("wall_s").asDouble() / ours));
          }
          double ourRate = r.path("train_2t_dense").path("samples_per_s").path("median").asDouble();
          double ourRate1 = r.path("train_1t_dense").path("samples_per_s").path("median").asDouble();
          double theirs = t1.path("timings").path("train_samples_per_s").asDouble();
          if (ourRate > 0 && theirs > 0) {
            sb.append(String.format(Locale.ROOT, "; training throughput deepfm 1 thr / torch 1 thr = %.1fx, deepfm 2 thr / torch 1 thr = %.1fx",
                ourRate1 / theirs, ourRate / theirs));
          }
          // torch_fast's test pass scores every pair of the same 942 users x 1,447 items
          double theirRank = t1.path("timings").path("test_eval_s").asDouble();
          double ourRank = r.path("train_2t_dense").path("full_ranking_s").path("median").asDouble();
          double ourAll = r.path("train_2t_dense").path("exhaustive_ranking_s").path("median").asDouble();
          if (theirRank > 0 && ourRank > 0 && ourAll > 0) {
            sb.append(String.format(Locale.ROOT, "; full test ranking pass torch_fast (1 thr) / deepfm 2 thr = %.1fx (scoring every pair: %.1fx)",
                theirRank / ourRank, theirRank / ourAll));
          }
          sb.append('\n');
        }
      }
    }
    return sb.toString();
  }
}
