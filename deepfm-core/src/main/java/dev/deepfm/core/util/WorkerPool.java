package dev.deepfm.core.util;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads for fork-join steps that last tens of microseconds, where an executor's
 * queue hand-off would cost more than the work. The caller is thread 0; workers 1..n-1 spin briefly
 * on a generation counter between steps and park when idle for longer.
 *
 * <p>Results never depend on which thread runs what: callers split work by fixed rules (by group,
 * by example chunk) and combine in a fixed order, so the thread count changes speed, not numbers.
 */
public final class WorkerPool implements AutoCloseable {
  /** Work for one thread of a parallel step. */
  @FunctionalInterface
  public interface Task {
    /** Runs the share of thread {@code t} of {@code threads}. */
    void run(int t, int threads);
  }

  /** Work over a contiguous range. */
  @FunctionalInterface
  public interface RangeTask {
    /** Runs items [from, to). */
    void run(int from, int to);
  }

  /** How long an idle worker spins before parking, and the caller before yielding its core. */
  private static final long SPIN_NANOS = 50_000;

  private final int threads;
  private final Thread[] workers;
  private final boolean[] parked;
  private volatile long generation;
  private volatile boolean shutdown;
  private volatile Task task;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** A pool of {@code threads} threads counting the caller; 1 means run inline. */
  public WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.workers = new Thread[threads - 1];
    this.parked = new boolean[threads];
    for (int i = 1; i < threads; i++) {
      int id = i;
      Thread w = new Thread(() -> loop(id), "deepfm-worker-" + i);
      w.setDaemon(true);
      workers[i - 1] = w;
      w.start();
    }
  }

  /** Number of threads, the caller included. */
  public int threads() {
    return threads;
  }

  /** Runs {@code task} on every thread and returns when all are done, rethrowing any failure. */
  public void run(Task task) {
    if (threads == 1) {
      task.run(0, 1);
      return;
    }
    if (shutdown) {
      throw new IllegalStateException("pool is closed");
    }
    this.task = task;
    pending.set(threads - 1);
    generation++;
    for (int i = 1; i < threads; i++) {
      if (parkedFlag(i)) {
        LockSupport.unpark(workers[i - 1]);
      }
    }
    Throwable own = null;
    try {
      task.run(0, threads);
    } catch (Throwable e) {
      own = e;
    }
    // wait for the workers: spin briefly, then yield so that a worker descheduled on this core can run
    long start = 0;
    int spins = 0;
    while (pending.get() != 0) {
      if ((++spins & 63) != 0) {
        Thread.onSpinWait();
      } else {
        long now = System.nanoTime();
        if (start == 0) {
          start = now;
        } else if (now - start > SPIN_NANOS) {
          Thread.yield();
        }
      }
    }
    this.task = null;
    Throwable t = own != null ? own : failure.getAndSet(null);
    if (t != null) {
      failure.set(null);
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error er) {
        throw er;
      }
      throw new IllegalStateException(t);
    }
  }

  /**
   * Start of share {@code t} of [0, n) split in {@code parts} contiguous ranges whose sizes differ by
   * at most one: share t is {@code [share(n, t, parts), share(n, t + 1, parts))}.
   */
  public static int share(int n, int t, int parts) {
    return (int) ((long) n * t / parts);
  }

  /** Splits [0, n) into one contiguous range per thread (sizes differ by at most one). */
  public void forRange(int n, RangeTask body) {
    run((t, count) -> {
      int from = share(n, t, count);
      int to = share(n, t + 1, count);
      if (from < to) {
        body.run(from, to);
      }
    });
  }

  private synchronized boolean parkedFlag(int i) {
    return parked[i];
  }

  private synchronized void setParked(int i, boolean value) {
    parked[i] = value;
  }

  private void loop(int id) {
    long seen = 0;
    while (true) {
      long start = System.nanoTime();
      int spins = 0;
      while (generation == seen) {
        if (shutdown) {
          return;
        }
        if ((++spins & 63) != 0) {
          Thread.onSpinWait();
        } else if (System.nanoTime() - start > SPIN_NANOS) {
          setParked(id, true);
          if (generation == seen && !shutdown) {
            LockSupport.park(this);
          }
          setParked(id, false);
          start = System.nanoTime();
        }
      }
      seen = generation;
      try {
        Task t = task;
        t.run(id, threads);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
      pending.decrementAndGet();
    }
  }

  /** Stops the workers. */
  @Override
  public void close() {
    shutdown = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}
