package dev.deepfm.core.eval;

import dev.deepfm.core.data.RecData;
import dev.deepfm.core.eval.RankingEvaluator.Target;
import dev.deepfm.core.model.ModelConfig;
import dev.deepfm.core.model.ModelType;
import dev.deepfm.core.model.Popularity;
import dev.deepfm.core.train.TrainConfig;
import dev.deepfm.core.train.TrainResult;
import dev.deepfm.core.train.Trainer;
import dev.deepfm.core.train.TrainingListener;
import dev.deepfm.core.util.WorkerPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains several models over several seeds on the same data and split, with the same protocol,
 * and summarises their test metrics (mean and standard deviation over seeds). Independent
 * trainings run side by side on a small pool of threads; since a model does not depend on the
 * thread count it trains with, the results are those of a sequential run.
 */
public final class ModelComparison {
  /**
   * A model to compare.
   *
   * @param name its name in tables ("deepfm", "deepfm-ids", ...)
   * @param config its shape (ignored for popularity)
   * @param fields the fields it reads, or empty for all of the data's fields
   */
  public record Candidate(String name, ModelConfig config, List<String> fields) {
    /** Copies the field list. */
    public Candidate {
      fields = List.copyOf(fields);
    }
  }

  /**
   * One training's outcome.
   *
   * @param name the candidate
   * @param seed the seed
   * @param test test metrics
   * @param bestEpoch the epoch kept (0 for popularity)
   * @param seconds wall time of the training and test
   */
  public record Run(String name, long seed, MetricTable test, int bestEpoch, double seconds) {}

  /** Progress of a comparison. */
  public interface Listener {
    /** A run finished ({@code done} of {@code total}). */
    void finished(Run run, int done, int total);
  }

  private ModelComparison() {}

  /** The standard candidates: NeuMF, DeepFM, FM, the deep part alone, LR, DeepFM on ids only, popularity. */
  public static List<Candidate> standard(ModelConfig deepFm, List<String> idFields) {
    List<Candidate> out = new ArrayList<>();
    out.add(new Candidate("neumf", ModelConfig.defaults(ModelType.NEUMF).withFast(deepFm.fast()), idFields));
    out.add(new Candidate("deepfm", deepFm, List.of()));
    out.add(new Candidate("fm", deepFm.withType(ModelType.FM), List.of()));
    out.add(new Candidate("deep", deepFm.withType(ModelType.DEEP), List.of()));
    out.add(new Candidate("lr", deepFm.withType(ModelType.LR), List.of()));
    out.add(new Candidate("deepfm-ids", deepFm, idFields));
    out.add(new Candidate("popularity", ModelConfig.defaults(ModelType.POPULARITY), List.of()));
    return out;
  }

  /**
   * Runs every candidate with every seed.
   *
   * @param parallel trainings run at once; each gets {@code max(1, base.threads() / parallel)} threads
   */
  public static List<Run> run(RecData data, List<Candidate> candidates, long[] seeds, TrainConfig base,
      int parallel, Listener listener) throws InterruptedException {
    int threadsEach = Math.max(1, base.threads() / Math.max(1, parallel));
    List<Map.Entry<Candidate, Long>> jobs = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.config().type() == ModelType.POPULARITY) {
        jobs.add(Map.entry(c, seeds[0]));
      } else {
        for (long s : seeds) {
          jobs.add(Map.entry(c, s));
        }
      }
    }
    Map<String, RecData> views = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      views.computeIfAbsent(String.join(",", c.fields()), k -> c.fields().isEmpty() ? data : data.project(c.fields()));
    }
    List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    int[] done = {0};
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (var job : jobs) {
        futures.add(pool.submit(() -> {
          Candidate c = job.getKey();
          long seed = job.getValue();
          RecData d = views.get(String.join(",", c.fields()));
          long t0 = System.nanoTime();
          Run r;
          if (c.config().type() == ModelType.POPULARITY) {
            try (WorkerPool wp = new WorkerPool(threadsEach)) {
              MetricTable t = new RankingEvaluator(d, wp).evaluate(new Popularity(d.split()), Target.TEST,
                  base.ks(), base.maskValidationAtTest());
              r = new Run(c.name(), seed, t, 0, (System.nanoTime() - t0) / 1e9);
            }
          } else {
            TrainResult res = new Trainer(c.config(), base.withSeed(seed).withThreads(threadsEach))
                .fit(d, TrainingListener.NONE);
            r = new Run(c.name(), seed, res.test(), res.bestEpoch(), (System.nanoTime() - t0) / 1e9);
          }
          runs.add(r);
          synchronized (done) {
            done[0]++;
            listener.finished(r, done[0], jobs.size());
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<Run> ordered = new ArrayList<>();
    for (Candidate c : candidates) {
      for (long s : seeds) {
        runs.stream().filter(r -> r.name().equals(c.name()) && r.seed() == s).findFirst().ifPresent(ordered::add);
      }
    }
    return ordered;
  }

  /** Statistics over seeds of one candidate's metric at K. */
  public static Stats stats(List<Run> runs, String name, int k, Metric metric) {
    double[] v = runs.stream().filter(r -> r.name().equals(name)).mapToDouble(r -> r.test().get(k, metric)).toArray();
    return Stats.of(v);
  }
}
