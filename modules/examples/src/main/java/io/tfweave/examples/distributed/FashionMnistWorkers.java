package io.tfweave.examples.distributed;

import io.tfweave.applications.BasicCNN;
import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.HostArray;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.TrainTest;
import io.tfweave.distribute.Strategy;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.ndarray.index.Indices;

/**
 * The Fashion-MNIST BasicCNN trained on 1, 2 and 4 workers with the same global batch: prints test accuracy and training
 * throughput per worker count. Without arguments after the options it is the driver, which starts each job with
 * {@code tools/launch-local} (a loopback-only network namespace); with {@code --worker} it is one worker (reads
 * {@code TF_CONFIG}).
 *
 * <p>{@code tools/run io.tfweave.examples.distributed.FashionMnistWorkers [--train 6000] [--test 2000] [--epochs 3]
 * [--batch 64] [--width 0.25] [--workers 1,2,4]}
 *
 * <p>On a 2-core machine the workers share the cores, so more workers cannot be faster here; the throughput shows the
 * all-reduce overhead, and the accuracy that the global batch, not the worker count, decides the result.
 */
public final class FashionMnistWorkers {
  private FashionMnistWorkers() {}

  public static void main(String[] args) throws Exception {
    int train = intArg(args, "--train", 6000);
    int test = intArg(args, "--test", 2000);
    int epochs = intArg(args, "--epochs", 3);
    int batch = intArg(args, "--batch", 64);
    double width = Double.parseDouble(arg(args, "--width", "0.25"));
    if (List.of(args).contains("--worker")) {
      worker(train, test, epochs, batch, width);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "Fashion-MNIST BasicCNN (width %.2f), %d train / %d test images, %d epochs, global"
            + " batch %d%n",
        width,
        train,
        test,
        epochs,
        batch);
    System.out.printf(
        Locale.ROOT,
        "%-8s %14s %18s %12s%n",
        "workers",
        "test accuracy",
        "samples/s (all)",
        "s/epoch");
    for (String n : arg(args, "--workers", "1,2,4").split(",")) {
      List<String> cmd = new ArrayList<>(List.of(
          "tools/launch-local",
          n,
          "--",
          "-Xmx2g",
          "-cp",
          System.getProperty("java.class.path"),
          FashionMnistWorkers.class.getName(),
          "--worker"));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String result = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          if (l.startsWith("[worker 0] RESULT "))
            result = l.substring("[worker 0] RESULT ".length());
          else if (l.contains("Exception")) System.err.println(l);
        }
      }
      int rc = p.waitFor();
      if (rc != 0 || result == null)
        throw new IllegalStateException(n + " workers failed (exit " + rc + ")");
      String[] v = result.split(" ");
      System.out.printf(Locale.ROOT, "%-8s %14s %18s %12s%n", n, v[0], v[1], v[2]);
    }
  }

  static void worker(int nTrain, int nTest, int epochs, int batch, double width) {
    Strategy s = Strategy.fromTfConfig();
    TrainTest<LabeledImages> data = FashionMnist.load();
    Dataset train = dataset(data.train(), nTrain);
    Dataset test = dataset(data.test(), nTest);
    try (Model m =
        new BasicCNN(10).inputShape(28, 28, 1).widthMultiplier(width).seed(1).build()) {
      m.distribute(s);
      m.compile(Optimizers.adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
      m.fit(
          train,
          FitOptions.epochs(1).batchSize(batch).verbose(0)); // warm-up: graph, servers, first steps
      long t0 = System.nanoTime();
      History h = m.fit(train, FitOptions.epochs(epochs).batchSize(batch).verbose(0));
      double seconds = (System.nanoTime() - t0) / 1e9;
      double acc = m.evaluate(test, 256).get("accuracy");
      if (s.isChief()) {
        System.out.printf(
            Locale.ROOT,
            "RESULT %.4f %.0f %.2f%n",
            acc,
            (double) nTrain * h.size() / seconds,
            seconds / h.size());
      }
    }
  }

  static Dataset dataset(LabeledImages part, int n) {
    int k = Math.min(n, part.size());
    float[] x = HostArray.of(part.images().slice(Indices.range(0, k))).floats().clone();
    for (int i = 0; i < x.length; i++) x[i] /= 255f;
    float[] y = HostArray.of(part.labels().slice(Indices.range(0, k))).asFloat().floats();
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, k, 28, 28, 1)), HostArray.ofFloats(y, k));
  }

  static String arg(String[] args, String name, String def) {
    for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
    return def;
  }

  static int intArg(String[] args, String name, int def) {
    return Integer.parseInt(arg(args, name, Integer.toString(def)));
  }
}
