package dev.deepfm.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfm.cli.Json;
import dev.deepfm.core.data.RecData;
import dev.deepfm.core.kernel.FmaCeiling;
import dev.deepfm.core.kernel.Kernels;
import dev.deepfm.core.train.AdamMode;
import dev.deepfm.core.util.Version;
import dev.deepfm.datasets.movielens.MovieLens;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * {@code deepfm bench}: the standard jobs (this machine's FMA ceiling on 1 and 2 threads; training
 * throughput on 1 and 2 threads, dense and lazy
 * Adam; a full ranking pass; negative resampling; the whole default run with JVM start; synthetic
 * data at 10x and 100x ML-100K) and, when a Python with torch is there, the PyTorch reference
 * scripts in the same run, with ratios. Prints one table, writes bench.json.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure training, ranking and whole-run speed, and compare with the PyTorch reference.")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data/ml-100k",
      description = "MovieLens 100K folder. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", description = "Repetitions per job (medians are reported). Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(names = "--jobs", split = ",", paramLabel = "J,J,...", defaultValue = "peak,train,rank,run,scale,torch",
      description = "Jobs: peak (this machine's FMA ceiling, 1 and 2 threads), train (throughput, resampling), rank (full ranking pass), run (whole default run), "
          + "scale (synthetic 1x/10x/100x), torch (PyTorch reference). Default: ${DEFAULT-VALUE}.")
  List<String> jobs;

  @Option(names = "--scales", split = ",", paramLabel = "F,F,...", defaultValue = "1,10,100",
      description = "Synthetic scales of ML-100K. Default: ${DEFAULT-VALUE}.")
  List<Double> scales;

  @Option(names = "--dense-max-scale", paramLabel = "F", defaultValue = "10",
      description = "Largest scale also run with dense Adam, whose per-step cost grows with the vocabulary "
          + "(at 100x an epoch takes many minutes). Default: ${DEFAULT-VALUE}.")
  double denseMaxScale;

  @Option(names = "--torch-threads", split = ",", paramLabel = "N,N", defaultValue = "1",
      description = "Thread counts for torch_fast.py (its README figures are for 1). Default: ${DEFAULT-VALUE}.")
  List<Integer> torchThreads;

  @Option(names = "--reference-dir", paramLabel = "DIR", defaultValue = "../shared/reference",
      description = "Folder with torch_fast.py and reference_deepfm.py. Default: ${DEFAULT-VALUE}.")
  Path referenceDir;

  @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
      description = "Python with torch for the reference. Default: ${DEFAULT-VALUE}.")
  String python;

  @Option(names = "--with-notebook", description = "Also run the notebook script (about 6 minutes here).")
  boolean withNotebook;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench.json", description = "JSON results. Default: ${DEFAULT-VALUE}.")
  Path out;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private PrintWriter stdout;

  @Override
  public Integer call() throws Exception {
    stdout = spec.commandLine().getOut();
    if (repeat < 1 || repeat > 100) {
      throw new IllegalArgumentException("--repeat must be in 1..100, got " + repeat);
    }
    for (String j : jobs) {
      if (!List.of("peak", "train", "rank", "run", "scale", "torch").contains(j)) {
        throw new IllegalArgumentException("unknown job '" + j + "' (expected peak, train, rank, run, scale, torch)");
      }
    }
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("environment", Version.environment());
    results.put("repeat", repeat);
    if (jobs.contains("peak")) {
      results.put("fma_ceiling", fmaCeiling());
    }
    RecData d = MovieLens.load(data);
    if (jobs.contains("train") || jobs.contains("rank")) {
      for (int threads : new int[] {1, 2}) {
        for (AdamMode adam : AdamMode.values()) {
          if (threads == 1 && adam == AdamMode.LAZY) {
            continue;
          }
          log("training on ML-100K, %d thread%s, %s Adam (%d+1 epochs)...", threads, threads == 1 ? "" : "s",
              adam.name().toLowerCase(Locale.ROOT), repeat);
          boolean rank = jobs.contains("rank") && adam == AdamMode.DENSE;
          results.put("train_" + threads + "t_" + adam.name().toLowerCase(Locale.ROOT),
              InProcessJobs.train(d, threads, adam, repeat, rank));
        }
      }
    }
    if (jobs.contains("run")) {
      List<Double> wall = new ArrayList<>();
      List<Double> hr = new ArrayList<>();
      Path tmp = Files.createTempDirectory("deepfm-bench-run");
      try {
        for (int i = 0; i < repeat; i++) {
          log("whole default run %d/%d (a new JVM: deepfm train --seed 1)...", i + 1, repeat);
          Path run = tmp.resolve("run" + i);
          Subprocess.Result r = Subprocess.run(Subprocess.selfCommand("train", "--data", data.toString(), "--out",
              run.toString(), "--seed", "1", "--quiet"), Map.of(), 3600);
          if (r.status() != 0) {
            throw new IllegalStateException("deepfm train failed: " + r.output());
          }
          wall.add(r.seconds());
          hr.add(new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).path("test").path("10").path("hit_rate").asDouble());
        }
      } finally {
        deleteTree(tmp);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wall_s", Measurements.summary(wall, "s"));
      m.put("test_hr@10", hr.get(0));
      results.put("whole_run", m);
    }
    if (jobs.contains("scale")) {
      List<Object> rows = new ArrayList<>();
      for (double f : scales) {
        for (String adam : new String[] {"lazy", "dense"}) {
          if (adam.equals("dense") && f > denseMaxScale) {
            continue;
          }
          log("synthetic data at %sx ML-100K, %s Adam (fresh JVM, 2 epochs)...", fmt(f), adam);
          Subprocess.Result r = Subprocess.run(Subprocess.selfCommand("bench-worker", "--scale", Double.toString(f),
              "--adam", adam, "--threads", "2", "--epochs", "2"), Map.of(), 7200);
          String line = r.output().lines().filter(x -> x.startsWith("RESULT ")).findFirst()
              .orElseThrow(() -> new IllegalStateException("scale worker failed: " + r.output()));
          Map<?, ?> m = Json.MAPPER.readValue(line.substring(7), Map.class);
          rows.add(m);
        }
      }
      results.put("scaling", rows);
    }
    if (jobs.contains("torch")) {
      results.put("torch", torch());
    }
    Json.MAPPER.writeValue(out.toFile(), results);
    stdout.println();
    stdout.print(BenchTable.format(Json.MAPPER.valueToTree(results)));
    stdout.println("\nWrote " + out);
    stdout.flush();
    return 0;
  }

  /** This machine's FMA ceiling on 1 and 2 threads, or why it was not measured. */
  private Map<String, Object> fmaCeiling() throws InterruptedException {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!Kernels.best().name().startsWith("vector")) {
      log("FMA ceiling skipped: it needs the Vector API (--add-modules=jdk.incubator.vector)");
      m.put("skipped", "no Vector API in this JVM");
      return m;
    }
    log("FMA ceiling: SIMD multiply-adds on registers only, 1 and 2 threads (%d x about 1 s)...", repeat);
    // about a third of a second per measurement on one thread
    long iterations = FmaCeiling.calibrate(0.33);
    List<Double> one = new ArrayList<>();
    List<Double> two = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      one.add(FmaCeiling.gflops(1, iterations));
      two.add(FmaCeiling.gflops(2, iterations));
    }
    m.put("lanes", FmaCeiling.lanes());
    m.put("gflops_1t", Measurements.summary(one, "GFLOP/s"));
    m.put("gflops_2t", Measurements.summary(two, "GFLOP/s"));
    return m;
  }

  private Map<String, Object> torch() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    Path fast = referenceDir.resolve("torch_fast.py");
    Subprocess.Result probe;
    try {
      probe = Subprocess.run(List.of(python, "-c", "import torch; print(torch.__version__)"), Map.of(), 120);
    } catch (java.io.IOException e) {
      probe = new Subprocess.Result(-1, 0, e.getMessage());
    }
    if (probe.status() != 0 || !Files.isRegularFile(fast)) {
      String why = probe.status() != 0 ? python + " has no torch (apt-get install python3-torch python3-pandas python3-scipy python3-matplotlib)"
          : "no " + fast;
      log("PyTorch reference skipped: %s", why);
      m.put("skipped", why);
      return m;
    }
    m.put("torch_version", probe.output().strip());
    Path tmp = Files.createTempDirectory("deepfm-bench-torch");
    try {
      for (int threads : torchThreads) {
        log("PyTorch reference torch_fast.py, %d thread%s (minutes)...", threads, threads == 1 ? "" : "s");
        Path json = tmp.resolve("fast" + threads + ".json");
        Subprocess.Result r = Subprocess.run(List.of(python, fast.toString(), data.toString(), json.toString()),
            Map.of("SEED", "1", "THREADS", Integer.toString(threads)), 3600);
        if (r.status() != 0) {
          throw new IllegalStateException("torch_fast.py failed: " + r.output());
        }
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("wall_s", r.seconds());
        x.put("timings", j.path("timings"));
        x.put("epochs", j.path("history").size());
        x.put("test_hr@10", j.path("test").path("10").path("HitRate@K").asDouble());
        m.put("torch_fast_" + threads + "t", x);
      }
      if (withNotebook) {
        Path nb = referenceDir.resolve("reference_deepfm.py");
        log("PyTorch notebook script reference_deepfm.py (about 6 minutes)...");
        Path json = tmp.resolve("notebook.json");
        Subprocess.Result r = Subprocess.run(List.of(python, nb.toString(), data.toString(), json.toString()), Map.of(), 7200);
        if (r.status() != 0) {
          throw new IllegalStateException("reference_deepfm.py failed: " + r.output());
        }
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("wall_s", r.seconds());
        x.put("timings", j.path("timings_s"));
        m.put("notebook", x);
      }
    } finally {
      deleteTree(tmp);
    }
    return m;
  }

  private void log(String format, Object... args) {
    stdout.printf(Locale.ROOT, format + "%n", args);
    stdout.flush();
  }

  static String fmt(double f) {
    return f == Math.rint(f) ? Long.toString((long) f) : Double.toString(f);
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (Files.exists(root)) {
      try (var s = Files.walk(root)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
