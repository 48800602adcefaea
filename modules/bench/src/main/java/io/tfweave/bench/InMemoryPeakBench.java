package io.tfweave.bench;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark 4 of the streaming issue: the in-memory path's peak memory against the size of the data. Each measurement runs
 * in its own JVM: after a warm-up fit (TensorFlow loaded, graphs built) the peak RSS is reset ({@code clear_refs}), the
 * data (float32 {@code [n, 784]} inputs and labels, held by the caller as a user's arrays would be) is allocated, one
 * epoch of a 784-32-10 MLP is fitted, and the peak ({@code VmHWM}) less the RSS before the data is divided by the data's
 * bytes. So 1.0 is the data alone; the caller's own arrays count.
 *
 * <p>{@code tools/bench InMemoryPeakBench [sizeMB...]} (default 128 256 512), each without and with {@code
 * validationSplit(0.2)}.
 */
public final class InMemoryPeakBench {
  private InMemoryPeakBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Integer.parseInt(args[1]), Double.parseDouble(args[2]));
      return;
    }
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) sizes.add(Integer.parseInt(a));
    if (sizes.isEmpty()) sizes = List.of(128, 256, 512);
    System.out.println(
        "in-memory fit, one epoch of a 784-32-10 MLP, batch 128; peak = (VmHWM - RSS before"
            + " the data) / data bytes");
    System.out.printf("%10s %8s %12s %8s %8s%n", "data MB", "split", "peak MB", "ratio", "fit s");
    for (int mb : sizes) {
      for (double split : new double[] {0, 0.2}) {
        String line = run(mb, split);
        System.out.println(line);
      }
    }
  }

  private static String run(int mb, double split) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long heapMb = Math.max(2048, 5L * mb);
    ProcessBuilder pb = new ProcessBuilder(
        java,
        "-Xmx" + heapMb + "m",
        "-cp",
        System.getProperty("java.class.path"),
        InMemoryPeakBench.class.getName(),
        "--child",
        Integer.toString(mb),
        Double.toString(split));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String result = null;
    StringBuilder all = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        all.append(l).append('\n');
        if (l.startsWith("RESULT ")) result = l.substring(7);
      }
    }
    int rc = p.waitFor();
    if (result == null) throw new IllegalStateException("child failed (rc " + rc + "):\n" + all);
    return result;
  }

  private static void child(int mb, double split) throws IOException {
    int features = 784;
    int n = (int) ((long) mb * 1024 * 1024 / 4 / (features + 1));
    try (Model model = Sequential.builder()
        .input(features)
        .add(
            new Dense(32).activation(io.tfweave.activations.Activation.RELU),
            new Dense(10).activation(io.tfweave.activations.Activation.SOFTMAX))
        .seed(1)
        .build()) {
      model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy());
      FitOptions o = FitOptions.epochs(1).batchSize(128).verbose(0);
      if (split > 0) o = o.validationSplit(split);
      model.fit(data(512, features), o); // warm-up: TensorFlow, graphs, kernels
      System.gc();
      resetPeak();
      long before = status("VmRSS:");
      Dataset d = data(n, features);
      long t0 = System.nanoTime();
      model.fit(d, o);
      double secs = (System.nanoTime() - t0) / 1e9;
      long peak = status("VmHWM:");
      long bytes = (long) n * (features + 1) * 4;
      double peakMb = (peak - before) / 1024.0;
      System.out.printf(
          "RESULT %10.0f %8.1f %12.0f %8.2f %8.1f%n",
          bytes / 1048576.0, split, peakMb, (peak - before) * 1024.0 / bytes, secs);
      if (d.size() < 0) System.out.println(d); // keeps the caller's arrays alive through fit
    }
  }

  private static Dataset data(int n, int features) {
    Random r = new Random(1);
    float[] x = new float[n * features];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, features)), HostArray.ofFloats(y, n));
  }

  /** Resets the kernel's peak-RSS counter ({@code VmHWM}) to the current RSS. */
  static void resetPeak() throws IOException {
    Files.writeString(Path.of("/proc/self/clear_refs"), "5");
  }

  /** A {@code /proc/self/status} field in kB. */
  static long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D+", ""));
    }
    throw new IllegalStateException("no " + field + " in /proc/self/status");
  }
}
