package io.tfweave.bench.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A soak test: for {@code --minutes} (default 30) one thread trains a small CNN epoch after epoch while the other
 * {@code --threads} − 1 (default 8 in all) predict from the same model, and a checkpoint is saved every
 * {@code --checkpoint-seconds} (default 10, keeping 3). Every {@code --sample-seconds} (default 60) it prints resident memory,
 * heap in use after a collection, open file descriptors and live threads; at the end, each gauge's growth from the first
 * sample after warm-up (the second) to the last one taken while the threads ran, and whether it stayed flat (within 10 % or
 * 64 MiB for memory, within 3 descriptors and 4 threads). Exits with 1 when a call failed or a gauge grew.
 *
 * <pre>
 * tools/bench soak.Soak --minutes 30
 * </pre>
 */
public final class Soak {
  private Soak() {}

  public static void main(String[] args) throws Exception {
    double minutes = arg(args, "--minutes", 30);
    int threads = (int) arg(args, "--threads", 8);
    double checkpointSeconds = arg(args, "--checkpoint-seconds", 10);
    double sampleSeconds = arg(args, "--sample-seconds", 60);
    Path dir = Files.createTempDirectory("tfweave-soak");
    SoakRun run = new SoakRun(dir, 2048);
    long end = System.nanoTime() + (long) (minutes * 60e9);
    List<Thread> workers = new ArrayList<>();
    workers.add(worker("soak-train", end, run, () -> run.trainEpoch()));
    for (int i = 1; i < threads; i++)
      workers.add(worker("soak-predict-" + i, end, run, run::predictOnce));
    workers.add(worker("soak-checkpoint", end, run, () -> {
      run.checkpoint();
      sleep(checkpointSeconds);
    }));
    System.out.printf(
        Locale.ROOT,
        "soak: %.1f min, 1 training + %d predicting threads, checkpoint every %.0f s, in %s%n",
        minutes,
        threads - 1,
        checkpointSeconds,
        dir);
    System.out.println(
        " t(s)    RSS(MiB)  heap(MiB)  fds  threads  train steps  predictions  checkpoints");
    List<ProcessGauges> samples = new ArrayList<>();
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    while (System.nanoTime() < end && run.failure.get() == null) {
      ProcessGauges g = ProcessGauges.read();
      samples.add(g);
      System.out.printf(
          Locale.ROOT,
          "%5.0f  %10.1f %10.1f %4d %8d %12d %12d %12d%n",
          (System.nanoTime() - start) / 1e9,
          g.rssKb() / 1024.0,
          g.heapKb() / 1024.0,
          g.openFds(),
          g.threads(),
          run.trainSteps.get(),
          run.predictions.get(),
          run.checkpoints.get());
      long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
      Thread.sleep(Math.max(0, Math.min(left, (long) (sampleSeconds * 1000))));
    }
    for (Thread t : workers) t.join();
    run.model.close();
    boolean flat = report(samples, run);
    deleteTree(dir);
    System.exit(flat && run.failure.get() == null ? 0 : 1);
  }

  private static boolean report(List<ProcessGauges> s, SoakRun run) {
    if (run.failure.get() != null) {
      System.out.println("FAILED: " + run.failure.get());
      run.failure.get().printStackTrace(System.out);
    }
    ProcessGauges a = s.get(Math.min(1, s.size() - 1));
    ProcessGauges b = s.get(s.size() - 1);
    boolean rss = grewLittle("RSS", a.rssKb(), b.rssKb());
    boolean heap = grewLittle("heap", a.heapKb(), b.heapKb());
    // a checkpoint being written holds a few files open; JDK 17 starts and stops JIT compiler
    // threads as it needs them
    boolean fds = within("open file descriptors", a.openFds(), b.openFds(), 3);
    boolean threads = within("threads", a.threads(), b.threads(), 4);
    System.out.printf(
        Locale.ROOT,
        "done: %d training steps, %d predictions, %d checkpoints, no failure: %b%n",
        run.trainSteps.get(),
        run.predictions.get(),
        run.checkpoints.get(),
        run.failure.get() == null);
    return rss && heap && fds && threads;
  }

  private static boolean grewLittle(String what, long fromKb, long toKb) {
    double growth = (toKb - fromKb) / (double) Math.max(1, fromKb);
    boolean ok = toKb - fromKb <= 64 * 1024 || growth <= 0.10;
    System.out.printf(
        Locale.ROOT,
        "%-22s %9.1f -> %9.1f MiB (%+.1f %%)  %s%n",
        what,
        fromKb / 1024.0,
        toKb / 1024.0,
        100 * growth,
        ok ? "flat" : "GREW");
    return ok;
  }

  private static boolean within(String what, long from, long to, long slack) {
    boolean ok = to <= from + slack;
    System.out.printf(Locale.ROOT, "%-22s %9d -> %9d  %s%n", what, from, to, ok ? "flat" : "GREW");
    return ok;
  }

  private static Thread worker(String name, long end, SoakRun run, Body body) {
    Thread t = new Thread(() -> {
      try {
        while (System.nanoTime() < end && run.failure.get() == null) body.run();
      } catch (Throwable e) {
        run.fail(e);
      }
    });
    t.setName(name);
    return t;
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void sleep(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }

  private static double arg(String[] args, String name, double dflt) {
    for (int i = 0; i + 1 < args.length; i++)
      if (args[i].equals(name)) return Double.parseDouble(args[i + 1]);
    return dflt;
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
