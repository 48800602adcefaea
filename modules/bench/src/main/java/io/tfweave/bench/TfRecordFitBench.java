package io.tfweave.bench;

import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.HostArray;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.pipeline.FeatureSpec;
import io.tfweave.data.pipeline.FeatureType;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.data.pipeline.TfRecords;
import io.tfweave.models.Model;
import io.tfweave.training.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 1 of the streaming issue, configuration by configuration: BasicCNN on Fashion-MNIST, batch 32, one epoch from
 * TFRecord shards (8 files, full shuffle) against {@code fit(arrays)}, each configuration of the pipeline a model of its
 * own, run in interleaved rounds (the order rotated every round) in one process. Prints per configuration the median
 * samples/s and two ratios to the arrays: of the medians, and the median of the per-round ratios (steadier on a busy
 * machine, since both runs of a round see the same load).
 *
 * <p>{@code tools/bench TfRecordFitBench [rounds] [samples] [configs] [workDir]} (defaults 5, 6400,
 * {@code default,earlydefault,threading11,earlythreading11}, target/tfrecord-bench). Configurations: {@code default}
 * ({@code shuffle(n, 1).batch(32).prefetch(AUTOTUNE)}), {@code threadingPI} (the same plus {@code threading(P, I)}),
 * {@code prefetchN} ({@code prefetch(N)} instead of AUTOTUNE), {@code noprefetch}; an {@code early} prefix ({@code earlydefault}) parses each record before the shuffle
 * (an identity map right after the source), as before the parse moved after the batch.
 */
public final class TfRecordFitBench {
  private TfRecordFitBench() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 6400;
    List<String> configs =
        List.of((args.length > 2 ? args[2] : "default,earlydefault,threading11,earlythreading11")
            .split(","));
    Path work = Path.of(args.length > 3 ? args[3] : "target/tfrecord-bench");
    Files.createDirectories(work);
    LabeledImages fm = FashionMnist.load().train();
    n = Math.min(n, fm.size());
    float[] x = new float[n * 784];
    int[] yi = new int[n];
    float[] y = new float[n];
    float max = 0;
    for (int i = 0; i < n; i++) {
      yi[i] = fm.labels().getInt(i);
      y[i] = yi[i];
      for (int p = 0; p < 784; p++) {
        x[i * 784 + p] = PipelineBench.px(fm, i, p);
        max = Math.max(max, x[i * 784 + p]);
      }
    }
    for (int i = 0; i < x.length; i++) x[i] /= max;
    Map<String, HostArray> f = new LinkedHashMap<>();
    f.put("x", HostArray.ofFloats(x, n, 784));
    f.put("y", HostArray.ofInts(yi, n));
    TfRecords.writeShards(work, "fm", 8, f);
    Dataset arrays =
        Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 28, 28, 1)), HostArray.ofFloats(y, n));
    List<String> names = new ArrayList<>();
    names.add("arrays");
    names.addAll(configs);
    Map<String, Model> models = new LinkedHashMap<>();
    Map<String, Pipeline> pipelines =
        new LinkedHashMap<>(); // one per model: its ops are built once
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    for (String c : names) {
      models.put(c, PipelineBench.cnn(28, 1, 1.0));
      if (!c.equals("arrays")) pipelines.put(c, pipeline(c, work, n));
      rates.put(c, new ArrayList<>());
      ratios.put(c, new ArrayList<>());
    }
    System.out.printf(
        "BasicCNN Fashion-MNIST batch 32, %d samples, %d cores; round 0 warms up%n",
        n, Runtime.getRuntime().availableProcessors());
    try {
      for (int r = 0; r <= rounds; r++) {
        Map<String, Double> round = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
          String c = names.get((k + r) % names.size());
          Model m = models.get(c);
          long t0 = System.nanoTime();
          if (c.equals("arrays"))
            m.fit(arrays, FitOptions.epochs(1).batchSize(32).verbose(0));
          else m.fit(pipelines.get(c), FitOptions.epochs(1).verbose(0));
          round.put(c, n / ((System.nanoTime() - t0) / 1e9));
        }
        StringBuilder line = new StringBuilder("  round " + r + ":");
        for (String c : names) line.append(String.format(" %s %.0f", c, round.get(c)));
        System.out.println(line);
        if (r == 0) continue;
        for (String c : names) {
          rates.get(c).add(round.get(c));
          ratios.get(c).add(round.get(c) / round.get("arrays"));
        }
      }
    } finally {
      models.values().forEach(Model::close);
    }
    double mem = PipelineBench.median(rates.get("arrays"));
    System.out.printf("  %-14s median %6.0f samples/s%n", "arrays", mem);
    for (String c : configs) {
      double med = PipelineBench.median(rates.get(c));
      System.out.printf(
          "  %-14s median %6.0f samples/s, ratio of medians %.3f, median of round ratios %.3f%n",
          c, med, med / mem, PipelineBench.median(ratios.get(c)));
    }
  }

  /** The TFRecord pipeline of configuration {@code c}. */
  static Pipeline pipeline(String c, Path work, int n) {
    Pipeline p = Pipeline.fromTfRecords(
        work + "/fm-*.tfrecord",
        FeatureSpec.create()
            .fixedLen("x", FeatureType.FLOAT, 28, 28, 1)
            .fixedLen("y", FeatureType.INT64));
    if (c.startsWith("early")) { // an identity map keeps the parse before the shuffle (per record)
      p = p.map((tf, e) -> e);
      c = c.substring(5);
    }
    p = p.shuffle(n, 1).batch(32);
    if (c.equals("noprefetch")) return p;
    if (c.startsWith("prefetch")) return p.prefetch(Long.parseLong(c.substring(8)));
    p = p.prefetch(Pipeline.AUTOTUNE);
    if (c.equals("default")) return p;
    if (c.startsWith("threading") && c.length() == 11) {
      return p.threading(c.charAt(9) - '0', c.charAt(10) - '0');
    }
    throw new IllegalArgumentException("Unknown configuration '" + c + "'. Known: default,"
        + " threadingPI (digits P, I), prefetchN, noprefetch");
  }
}
