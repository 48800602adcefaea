package io.tfweave.bench;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;

import io.tfweave.applications.BasicCNN;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.distribute.Strategy;
import io.tfweave.layers.core.Dense;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Multi-worker costs on loopback, each job in its own loopback-only namespace ({@code tools/launch-local}):
 * (1) per-step time of the distributed step vs a local session (1 worker through the strategy vs none, interleaved in one
 * JVM) for the IMDB model and BasicCNN; (2) all-reduce time vs bytes (1 KB … 64 MB) between 2 workers; (3) throughput of a
 * compute-heavy model with 1, 2 and 4 workers at the same global batch; (4) a projection of the scaling efficiency on 8
 * hosts with 10 Gb/s links from the measured costs.
 *
 * <p>{@code tools/bench MultiWorkerBench [rounds]}
 */
public final class MultiWorkerBench {
  private MultiWorkerBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--role")) {
      role(args[1], args.length > 2 ? Integer.parseInt(args[2]) : 5);
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println(
        "(1) per-step time, 1 worker through the distributed runtime vs a local session (medians of "
            + rounds + " interleaved rounds)");
    launch(1, "overhead", rounds).forEach(System.out::println);
    System.out.println("(2) all-reduce of N bytes between 2 workers (median of 20 runs each)");
    List<String> ar = launch(2, "allreduce", rounds);
    ar.forEach(System.out::println);
    System.out.println("(3) compute-heavy model (BasicCNN width 1.0, 28x28x1), global batch 128");
    List<Double> perStep = new ArrayList<>();
    for (int n : new int[] {1, 2, 4}) {
      for (String l : launch(n, "throughput", rounds)) {
        System.out.println(l);
        if (l.startsWith("workers"))
          perStep.add(Double.parseDouble(l.replaceAll(".*step ([0-9.]+) ms.*", "$1")));
      }
    }
    project(ar, perStep);
  }

  /** The chief's RESULT lines of an N-worker job. */
  static List<String> launch(int n, String role, int rounds) throws Exception {
    List<String> cmd = List.of(
        "tools/launch-local",
        Integer.toString(n),
        "--",
        "-Xmx3g",
        "-cp",
        System.getProperty("java.class.path"),
        MultiWorkerBench.class.getName(),
        "--role",
        role,
        Integer.toString(rounds));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        if (l.startsWith("[worker 0] RESULT ")) out.add(l.substring("[worker 0] RESULT ".length()));
        else if (l.contains("Exception")) System.err.println(l);
      }
    }
    if (p.waitFor() != 0) throw new IllegalStateException(role + " with " + n + " workers failed");
    return out;
  }

  static void role(String role, int rounds) throws Exception {
    Strategy s = Strategy.fromTfConfig();
    switch (role) {
      case "overhead" -> overhead(s, rounds);
      case "allreduce" -> allReduce(s);
      case "throughput" -> throughput(s, rounds);
      default -> throw new IllegalArgumentException(role);
    }
    // Leave together: a worker that exits while a peer still closes its session makes the peer
    // fail.
    Thread.sleep(1000);
  }

  static Dataset images(int n) {
    Random r = new Random(1);
    float[] x = new float[n * 784];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 28, 28, 1)), HostArray.ofFloats(y, n));
  }

  static Dataset reviews(int n) {
    Random r = new Random(2);
    float[] x = new float[n * 10000];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 120; k++) x[i * 10000 + r.nextInt(10000)] = 1f;
      y[i] = r.nextInt(2);
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 10000)), HostArray.ofFloats(y, n));
  }

  static Model imdb() {
    return Sequential.named("imdb")
        .input(10000)
        .add(
            new Dense(16).activation(RELU),
            new Dense(16).activation(RELU),
            new Dense(1).activation(SIGMOID))
        .seed(1)
        .build();
  }

  static Model cnn(double width) {
    return new BasicCNN(10).inputShape(28, 28, 1).widthMultiplier(width).seed(1).build();
  }

  /** ms per step of {@code m} on {@code d} at batch 32: one epoch timed. */
  static double msPerStep(Model m, Dataset d, int batch) {
    long t0 = System.nanoTime();
    m.fit(d, FitOptions.epochs(1).batchSize(batch).verbose(0));
    return (System.nanoTime() - t0) / 1e6 / ((d.size() + batch - 1) / batch);
  }

  static void overhead(Strategy s, int rounds) {
    record Case(String name, Dataset data, java.util.function.Supplier<Model> model) {}
    for (Case c : List.of(
        new Case("IMDB MLP", reviews(2048), MultiWorkerBench::imdb),
        new Case("BasicCNN w0.25", images(1024), () -> cnn(0.25)))) {
      try (Model local = c.model().get();
          Model remote = c.model().get().distribute(s)) {
        for (Model m : List.of(local, remote)) {
          m.compile(
              Optimizers.adam(1e-3),
              c.name().startsWith("IMDB")
                  ? "binary_crossentropy"
                  : "sparse_categorical_crossentropy");
          msPerStep(m, c.data(), 32); // warm-up
        }
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          a.add(msPerStep(local, c.data(), 32));
          b.add(msPerStep(remote, c.data(), 32));
        }
        double la = CoreBench.median(a);
        double lb = CoreBench.median(b);
        System.out.printf(
            Locale.ROOT,
            "RESULT %-15s local %.3f ms/step, through the distributed runtime %.3f ms/step"
                + " (+%.3f ms, %.2fx)%n",
            c.name(),
            la,
            lb,
            lb - la,
            lb / la);
      }
    }
  }

  static void allReduce(Strategy s) throws Exception {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<long[]> sizes = new ArrayList<>();
      List<Operand<TFloat32>> ops = new ArrayList<>();
      for (long bytes = 1024; bytes <= 64L << 20; bytes *= 4) {
        int n = (int) (bytes / 4);
        Operand<TFloat32> v = tf.fill(tf.constant(new int[] {n}), tf.constant(1f));
        ops.add(s.allReduceSum(tf, List.of(v)).get(0));
        sizes.add(new long[] {bytes});
      }
      try (Session session = s.session(g, ConfigProto.getDefaultInstance())) {
        for (int i = 0; i < ops.size(); i++) {
          List<Double> t = new ArrayList<>();
          for (int k = 0; k < 23; k++) {
            long t0 = System.nanoTime();
            session.runner().fetch(ops.get(i)).run().close();
            if (k >= 3) t.add((System.nanoTime() - t0) / 1e6);
          }
          System.out.printf(
              Locale.ROOT,
              "RESULT allreduce %,12d bytes %9.3f ms%n",
              sizes.get(i)[0],
              CoreBench.median(t));
        }
      }
    }
  }

  static void throughput(Strategy s, int rounds) {
    int global = 128;
    Dataset d = images(global * 8);
    try (Model m = cnn(1.0).distribute(s)) {
      m.compile(Optimizers.adam(1e-3), "sparse_categorical_crossentropy");
      msPerStep(m, d, global);
      List<Double> t = new ArrayList<>();
      for (int i = 0; i < rounds; i++) t.add(msPerStep(m, d, global));
      double ms = CoreBench.median(t);
      if (s.isChief()) {
        System.out.printf(
            Locale.ROOT,
            "RESULT workers %d: step %.1f ms, %.0f samples/s (all workers), %,d parameters%n",
            s.count(),
            ms,
            global / ms * 1000,
            m.countParams());
      }
    }
  }

  /** Fits t = a + bytes / bw to the loopback all-reduce times and projects 8 hosts at 10 Gb/s (ring all-reduce). */
  static void project(List<String> allReduce, List<Double> perStep) {
    double[] x = new double[allReduce.size()];
    double[] y = new double[allReduce.size()];
    for (int i = 0; i < x.length; i++) {
      String[] f = allReduce.get(i).trim().split("\\s+");
      x[i] = Double.parseDouble(f[1].replace(",", ""));
      y[i] = Double.parseDouble(f[3]);
    }
    double mx = 0, my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / x.length;
    }
    double sxy = 0, sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double perByte = sxy / sxx; // ms per byte
    double perCall = my - perByte * mx; // ms
    System.out.printf(
        Locale.ROOT,
        "(4) loopback all-reduce fit: %.3f ms per call + %.3f ms per MB%n",
        perCall,
        perByte * (1 << 20));
    long gradBytes = 4L * cnn(1.0).countParams();
    double compute = perStep.isEmpty() ? Double.NaN : perStep.get(0);
    int hosts = 8;
    double linkBytesPerMs = 10e9 / 8 / 1000;
    double ring =
        2.0 * (hosts - 1) / hosts * gradBytes / linkBytesPerMs + 2 * (hosts - 1) * perCall;
    System.out.printf(
        Locale.ROOT,
        "    projection, %d hosts at 10 Gb/s, ring all-reduce of %,d gradient bytes:"
            + " 2(N-1)/N x bytes / bandwidth + 2(N-1) x %.3f ms = %.1f ms per step; with the measured 1-worker step of"
            + " %.1f ms at the same per-host batch and no overlap of compute and communication, efficiency = %.0f %%%n",
        hosts,
        gradBytes,
        perCall,
        ring,
        compute,
        100 * compute / (compute + ring));
  }
}
