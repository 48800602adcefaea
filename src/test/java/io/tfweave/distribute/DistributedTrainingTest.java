package io.tfweave.distribute;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tfweave.graph.Weight;
import io.tfweave.models.Model;
import io.tfweave.training.FitOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-worker training across JVMs on TensorFlow's gRPC runtime, each test in its own loopback-only network namespace
 * ({@code tools/launch-local}): exactness against one process, dead and hung peers, resume with BackupAndRestore, and that
 * only the chief writes files.
 */
@Tag("multiworker")
class DistributedTrainingTest {
  @TempDir
  Path tmp;

  @BeforeAll
  static void needsANamespace() throws Exception {
    Process p = new ProcessBuilder("unshare", "-rn", "sh", "-c", "ip link set lo up")
        .redirectErrorStream(true)
        .start();
    assumeTrue(
        p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
        "multi-worker tests need a loopback-only network namespace with loopback up (unshare -rn, ip), which this machine cannot make");
  }

  /** A launched job: its process and its output lines with the time each arrived. */
  record Job(Process process, BlockingQueue<String> lines) {
    /** The next line matching {@code regex} within {@code seconds}; fails with the output so far. */
    Matcher await(String regex, double seconds, List<String> seen) throws InterruptedException {
      Pattern p = Pattern.compile(regex);
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        String l = lines.poll(100, TimeUnit.MILLISECONDS);
        if (l == null) continue;
        seen.add(l);
        Matcher m = p.matcher(l);
        if (m.find()) return m;
      }
      fail("no line matching " + regex + " within " + seconds + " s; output:\n"
          + String.join("\n", seen));
      return null;
    }

    int waitFor(double seconds, List<String> seen) throws InterruptedException {
      if (!process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        fail("the job did not end within " + seconds + " s; output:\n" + String.join("\n", seen));
      }
      Thread.sleep(200);
      lines.drainTo(seen);
      return process.exitValue();
    }
  }

  static Job launch(int n, String... args) throws Exception {
    String cp = System.getProperty("jdk.module.path", "")
        + File.pathSeparator
        + System.getProperty("java.class.path");
    List<String> cmd = new ArrayList<>(List.of(
        "tools/launch-local",
        Integer.toString(n),
        "--",
        "-Xmx1g",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        cp,
        DistributedWorker.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) q.add(l);
      } catch (Exception ignored) {
        // the process ended
      }
    });
    t.setDaemon(true);
    t.start();
    return new Job(p, q);
  }

  static List<String> read(Path f) throws Exception {
    return Files.readAllLines(f);
  }

  static double[] losses(List<String> lines) {
    return Arrays.stream(lines.get(0).split(" "))
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  static float[] weights(List<String> lines) {
    List<Float> out = new ArrayList<>();
    for (String l : lines.subList(1, lines.size()))
      for (String v : l.split(" ")) out.add(Float.intBitsToFloat(Integer.parseInt(v)));
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) a[i] = out.get(i);
    return a;
  }

  static float[] weights(Model m) {
    List<Float> out = new ArrayList<>();
    for (Weight w : m.weights()) for (float f : m.weightValue(w)) out.add(f);
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) a[i] = out.get(i);
    return a;
  }

  @Test
  void twoWorkersTrainAsOneProcessAtTheGlobalBatchAndOnlyTheChiefWrites() throws Exception {
    List<String> seen = new ArrayList<>();
    Job job = launch(2, "exact", tmp.toString());
    assertEquals(0, job.waitFor(240, seen), String.join("\n", seen));
    for (String kind : List.of("sgd", "adam", "bn")) {
      List<String> r0 = read(tmp.resolve(kind + "-0.txt"));
      List<String> r1 = read(tmp.resolve(kind + "-1.txt"));
      assertEquals(r0, r1, kind + ": both replicas hold the same weights and logs, bit for bit");
      double[] dist = losses(r0);
      assertEquals(30, dist.length);
      assertTrue(dist[29] < 0.5 * dist[0], kind + " " + Arrays.toString(dist));
      if (kind.equals("bn"))
        continue; // BatchNorm normalizes each replica's share: not the one-process curve
      try (Model m = DistributedWorker.model(kind, Strategy.single())) {
        double[] one = m
            .fit(
                DistributedWorker.data(),
                FitOptions.epochs(30).batchSize(DistributedWorker.GLOBAL_BATCH).verbose(0))
            .get("loss")
            .stream()
            .mapToDouble(Double::doubleValue)
            .toArray();
        double worst = 0;
        for (int e = 0; e < 30; e++) {
          assertEquals(one[e], dist[e], 1e-5, kind + " epoch " + e);
          worst = Math.max(worst, Math.abs(one[e] - dist[e]));
        }
        System.out.printf(
            "%s: 2 workers x 32 vs 1 process x 64, max loss difference %.2e over 30 epochs%n",
            kind, worst);
        assertArrayEquals(weights(m), weights(r0), 1e-4f, kind);
      }
    }
    // Pipelines: each worker reads its shard (every 2nd element) in batches of 32, as one process
    // in batches of 64.
    List<String> p0 = read(tmp.resolve("pipeline-0.txt"));
    assertEquals(p0, read(tmp.resolve("pipeline-1.txt")));
    try (Model m = DistributedWorker.model("adam", Strategy.single())) {
      double[] one = m
          .fit(
              DistributedWorker.pipeline(Strategy.single()),
              FitOptions.epochs(30)
                  .stepsPerEpoch(DistributedWorker.N / DistributedWorker.GLOBAL_BATCH)
                  .verbose(0))
          .get("loss")
          .stream()
          .mapToDouble(Double::doubleValue)
          .toArray();
      assertArrayEquals(one, losses(p0), 1e-5);
      assertArrayEquals(weights(m), weights(p0), 1e-4f);
    }
    Path chief = tmp.resolve("files-0");
    assertTrue(Files.exists(chief.resolve("log.csv")));
    assertTrue(Files.exists(chief.resolve("export").resolve("saved_model.pb")));
    try (var s = Files.list(chief)) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("ckpt-")));
    }
    assertFalse(Files.exists(tmp.resolve("files-1")), "worker 1 wrote files");
  }

  /** Worker 1's PID, once it has finished epoch 2 (training is under way on both). */
  static long workerOnePid(Job job, List<String> seen) throws InterruptedException {
    long pid = Long.parseLong(job.await("^worker 1 pid (\\d+)", 10, seen).group(1));
    job.await("\\[worker 1\\] epoch 2$", 60, seen);
    return pid;
  }

  /** Sends {@code kill <sig>} to {@code pid}; returns the time it was sent. */
  static long signal(String sig, long pid) throws Exception {
    long t = System.currentTimeMillis();
    new ProcessBuilder("kill", sig, Long.toString(pid)).start().waitFor();
    return t;
  }

  @Test
  void aDeadPeerEndsTheOtherWorkersFitWithinASecond() throws Exception {
    List<String> seen = new ArrayList<>();
    Job job = launch(2, "long", tmp.toString(), "20000");
    long pid = workerOnePid(job, seen);
    long killed = signal("-9", pid);
    Matcher m = job.await("\\[worker 0\\] FAILED (\\d+) (.*)", 30, seen);
    long after = Long.parseLong(m.group(1)) - killed;
    System.out.println("dead peer noticed after " + after + " ms: " + m.group(2));
    assertTrue(after < 1000, after + " ms: " + m.group(2));
    assertTrue(
        m.group(2).startsWith("WorkerFailedException") && m.group(2).contains("worker 1"),
        m.group(2));
    assertNotEquals(0, job.waitFor(30, seen));
  }

  @Test
  void aHungPeerEndsTheOtherWorkersFitWithinTheTimeout() throws Exception {
    List<String> seen = new ArrayList<>();
    Job job = launch(2, "long", tmp.toString(), "3000");
    long pid = workerOnePid(job, seen);
    long stopped = signal("-STOP", pid);
    try {
      Matcher m = job.await("\\[worker 0\\] FAILED (\\d+) (.*)", 30, seen);
      long after = Long.parseLong(m.group(1)) - stopped;
      System.out.println("hung peer noticed after " + after + " ms: " + m.group(2));
      assertTrue(after < 3000 + 2000, after + " ms: " + m.group(2));
      assertTrue(m.group(2).startsWith("WorkerFailedException"), m.group(2));
    } finally {
      signal("-9", pid);
    }
    assertNotEquals(0, job.waitFor(30, seen));
  }

  @Test
  void aRestartedJobResumesFromTheLastBackupAndEndsAsAnUninterruptedRun() throws Exception {
    List<String> seen = new ArrayList<>();
    Job crash = launch(2, "backup", tmp.toString(), "3");
    assertNotEquals(0, crash.waitFor(120, seen), String.join("\n", seen));
    assertTrue(
        seen.stream().anyMatch(l -> l.startsWith("[worker 0] FAILED WorkerFailedException")),
        String.join("\n", seen));
    List<String> seen2 = new ArrayList<>();
    Job again = launch(2, "backup", tmp.toString(), "-1");
    assertEquals(0, again.waitFor(120, seen2), String.join("\n", seen2));
    assertTrue(
        seen2.contains("[worker 0] restored epoch 3")
            && seen2.contains("[worker 1] restored epoch 3"),
        String.join("\n", seen2));
    List<String> r0 = read(tmp.resolve("backup-0.txt"));
    assertEquals(r0, read(tmp.resolve("backup-1.txt")));
    try (Model m = DistributedWorker.model("adam", Strategy.single())) {
      m.fit(
          DistributedWorker.data(),
          FitOptions.epochs(6).batchSize(DistributedWorker.GLOBAL_BATCH).verbose(0));
      assertArrayEquals(weights(m), weights(r0), 1e-4f);
    }
  }
}
