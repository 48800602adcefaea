package io.tfweave.bench;

import io.tfweave.activations.Activation;
import io.tfweave.data.pipeline.FeatureSpec;
import io.tfweave.data.pipeline.FeatureType;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.formats.TfRecordWriter;
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
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Benchmark 3 of the streaming issue: peak memory of training on TFRecord sets larger than memory. For each size it writes
 * shards of {@code tf.train.Example}s (784 float32 features and an int64 label, as Fashion-MNIST's), then a child JVM with
 * {@code -Xmx1g} trains a 784-32-10 MLP for one epoch on {@code Pipeline.fromTfRecords(glob).batch(256).prefetch(AUTOTUNE)}
 * and reports its peak RSS ({@code VmHWM}), which must not grow with the data; the files are deleted after each size.
 *
 * <p>{@code tools/bench StreamMemoryBench [--pretouch] [sizeGB...]} (default 1 4 16; fractions allowed); work directory {@code
 * target/stream-memory-bench} or {@code JAVA_TOOL_OPTIONS=-Dbench.dir=DIR}; {@code --pretouch} fixes the child's heap at 1 GB,
 * touched at start, so that any growth is native memory.
 */
public final class StreamMemoryBench {
  private static final int FEATURES = 784;
  private static final int RECORDS_PER_SHARD = 32_768;
  private static boolean pretouch;

  private StreamMemoryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1]);
      return;
    }
    List<Double> sizes = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--pretouch")) pretouch = true;
      else sizes.add(Double.parseDouble(a));
    }
    if (sizes.isEmpty()) sizes = List.of(1.0, 4.0, 16.0);
    Path dir = Path.of(System.getProperty("bench.dir", "target/stream-memory-bench"));
    System.out.println(
        "one epoch of a 784-32-10 MLP on TFRecords (batch 256, prefetch autotuned), child JVM -Xmx1g");
    System.out.println("peak RSS = VmHWM of the child; growth = VmHWM - VmRSS just before fit"
        + (pretouch
            ? "; heap fixed at 1 GB and touched at start (-Xms1g -XX:+AlwaysPreTouch)"
            : ""));
    System.out.printf(
        "%8s %10s %10s %10s %12s %12s %10s%n",
        "data GB", "records", "write s", "epoch s", "samples/s", "peak RSS MB", "growth MB");
    for (double gb : sizes) {
      deleteTree(dir);
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      long[] written = write(dir, (long) (gb * (1L << 30)));
      double writeSecs = (System.nanoTime() - t0) / 1e9;
      String result = runChild(dir.resolve("train-*.tfrecord").toString());
      System.out.printf(
          "%8.2f %10d %10.1f %s%n",
          written[1] / (double) (1L << 30), written[0], writeSecs, result);
      deleteTree(dir);
    }
  }

  /** Writes shards until {@code bytes} are on disk; returns {records, bytes}. */
  private static long[] write(Path dir, long bytes) throws IOException {
    SplittableRandom r = new SplittableRandom(1);
    long records = 0;
    long total = 0;
    for (int shard = 0; total < bytes; shard++) {
      Path file = dir.resolve(String.format("train-%05d.tfrecord", shard));
      try (TfRecordWriter w = TfRecordWriter.open(file)) {
        for (int k = 0; k < RECORDS_PER_SHARD && total < bytes; k++) {
          int label = r.nextInt(10);
          FloatList.Builder x = FloatList.newBuilder();
          for (int j = 0; j < FEATURES; j++)
            x.addValue((float) (r.nextDouble() + (j % 10 == label ? 0.5 : 0)));
          byte[] rec = Example.newBuilder()
              .setFeatures(Features.newBuilder()
                  .putFeature("x", Feature.newBuilder().setFloatList(x).build())
                  .putFeature(
                      "y",
                      Feature.newBuilder()
                          .setInt64List(Int64List.newBuilder().addValue(label))
                          .build()))
              .build()
              .toByteArray();
          w.write(rec);
          records++;
          total += rec.length + 16; // length, two CRCs
        }
      }
    }
    return new long[] {records, total};
  }

  private static String runChild(String glob) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(
        java,
        "-Xmx1g",
        pretouch ? "-Xms1g" : "-Xms64m",
        pretouch ? "-XX:+AlwaysPreTouch" : "-XX:-AlwaysPreTouch",
        "-cp",
        System.getProperty("java.class.path"),
        StreamMemoryBench.class.getName(),
        "--child",
        glob);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String result = null;
    StringBuilder all = new StringBuilder();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = in.readLine()) != null; ) {
        all.append(l).append('\n');
        if (l.startsWith("RESULT ")) result = l.substring(7);
      }
    }
    int rc = p.waitFor();
    if (result == null) throw new IllegalStateException("child failed (rc " + rc + "):\n" + all);
    return result;
  }

  private static void child(String glob) throws IOException {
    FeatureSpec spec = FeatureSpec.create()
        .fixedLen("x", FeatureType.FLOAT, FEATURES)
        .fixedLen("y", FeatureType.INT64);
    Pipeline train = Pipeline.fromTfRecords(glob, spec).batch(256).prefetch(Pipeline.AUTOTUNE);
    try (Model model = Sequential.builder()
        .input(FEATURES)
        .add(
            new Dense(32).activation(Activation.RELU), new Dense(10).activation(Activation.SOFTMAX))
        .seed(1)
        .build()) {
      model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy());
      long records = recordCount(Path.of(glob).getParent());
      System.gc();
      long before = InMemoryPeakBench.status("VmRSS:");
      long t0 = System.nanoTime();
      var h = model.fit(train, FitOptions.epochs(1).verbose(0));
      double secs = (System.nanoTime() - t0) / 1e9;
      long peak = InMemoryPeakBench.status("VmHWM:");
      System.out.printf(
          "RESULT %10.1f %12.0f %12.0f %10.0f%n",
          secs, records / secs, peak / 1024.0, (peak - before) / 1024.0);
      if (h.size() != 1) throw new IllegalStateException("expected one epoch, got " + h.size());
    }
  }

  private static long recordCount(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long shards = files.filter(f -> f.toString().endsWith(".tfrecord")).count();
      // All shards but the last hold RECORDS_PER_SHARD records; the last one is counted.
      Path last = dir.resolve(String.format("train-%05d.tfrecord", shards - 1));
      long lastRecords = 0;
      try (io.tfweave.formats.TfRecordReader r = io.tfweave.formats.TfRecordReader.open(last)) {
        while (r.next() != null) lastRecords++;
      }
      return (shards - 1) * RECORDS_PER_SHARD + lastRecords;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
