package io.tfweave.bench;

import io.tfweave.applications.BasicCNN;
import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.HostArray;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.pipeline.FeatureSpec;
import io.tfweave.data.pipeline.FeatureType;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.data.pipeline.PipelineDataset;
import io.tfweave.data.pipeline.PipelineIterator;
import io.tfweave.data.pipeline.TfRecords;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;

/**
 * Streaming input pipelines against in-memory arrays, interleaved rounds in one process, medians and ratios:
 * (1) BasicCNN on Fashion-MNIST, batch 32, one epoch per round from TFRecord shards vs {@code fit(arrays)};
 * (2) a folder of Fashion-MNIST JPEGs at 64x64 with decode + RandomResizedCrop + horizontal flip: images/s of the pipeline
 * alone and inside {@code fit} of a small CNN (compare with {@code tools/keras_image_folder_bench.py} on the same folder).
 *
 * <p>{@code tools/bench PipelineBench [rounds] [trainSamples] [folderImages] [workDir]} (defaults 3, 6400, 4000,
 * target/pipeline-bench).
 */
public final class PipelineBench {
  private PipelineBench() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 6400;
    int folder = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
    Path work = Path.of(args.length > 3 ? args[3] : "target/pipeline-bench");
    Files.createDirectories(work);
    LabeledImages fm = FashionMnist.load().train();
    n = Math.min(n, fm.size());
    float[] x = new float[n * 784];
    float[] y = new float[n];
    float max = 0;
    for (int i = 0; i < n; i++) {
      y[i] = fm.labels().getInt(i);
      for (int p = 0; p < 784; p++) {
        x[i * 784 + p] = px(fm, i, p);
        max = Math.max(max, x[i * 784 + p]);
      }
    }
    for (int i = 0; i < x.length; i++) x[i] /= max;
    tfrecordsVsArrays(rounds, n, x, y, work);
    Path root = work.resolve("jpegs");
    if (!Files.isDirectory(root))
      ImageFolderFitBench.write(fm, Math.min(folder, fm.size()), 64, root);
    imageFolder(rounds, root);
  }

  static float px(LabeledImages fm, int i, int p) {
    return fm.images().shape().numDimensions() == 4
        ? fm.images().getFloat(i, p / 28, p % 28, 0)
        : fm.images().getFloat(i, p / 28, p % 28);
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  static void tfrecordsVsArrays(int rounds, int n, float[] x, float[] y, Path work) {
    Map<String, HostArray> f = new LinkedHashMap<>();
    f.put("x", HostArray.ofFloats(x, n, 784));
    int[] yi = new int[n];
    for (int i = 0; i < n; i++) yi[i] = (int) y[i];
    f.put("y", HostArray.ofInts(yi, n));
    TfRecords.writeShards(work, "fm", 8, f);
    Pipeline stream = Pipeline.fromTfRecords(
            work + "/fm-*.tfrecord",
            FeatureSpec.create()
                .fixedLen("x", FeatureType.FLOAT, 28, 28, 1)
                .fixedLen("y", FeatureType.INT64))
        .shuffle(n, 1)
        .batch(32)
        .prefetch(Pipeline.AUTOTUNE);
    Dataset arrays =
        Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 28, 28, 1)), HostArray.ofFloats(y, n));
    try (Model a = cnn(28, 1, 1.0);
        Model b = cnn(28, 1, 1.0)) {
      List<Double> mem = new ArrayList<>();
      List<Double> rec = new ArrayList<>();
      for (int r = 0; r <= rounds; r++) {
        long t0 = System.nanoTime();
        a.fit(arrays, FitOptions.epochs(1).batchSize(32).verbose(0));
        double m = n / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        b.fit(stream, FitOptions.epochs(1).verbose(0));
        double s = n / ((System.nanoTime() - t0) / 1e9);
        if (r > 0) { // round 0 builds the graphs
          mem.add(m);
          rec.add(s);
        }
        System.out.printf(
            "  round %d: arrays %.0f samples/s, TFRecord shards %.0f samples/s%n", r, m, s);
      }
      System.out.printf(
          "(1) BasicCNN Fashion-MNIST batch 32, %d samples: arrays %.0f samples/s, TFRecord %.0f samples/s,"
              + " ratio %.3f (target >= 0.95)%n",
          n, median(mem), median(rec), median(rec) / median(mem));
    }
  }

  static Model cnn(int size, int channels, double width) {
    Model m = new BasicCNN(10)
        .inputShape(size, size, channels)
        .widthMultiplier(width)
        .seed(1)
        .build();
    m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy());
    return m;
  }

  static void imageFolder(int rounds, Path root) throws IOException {
    long count;
    try (var s = Files.walk(root)) {
      count = s.filter(p -> p.toString().endsWith(".jpg")).count();
    }
    Pipeline p = ImageFolderFitBench.augmented(root, 64);
    List<Double> alone = new ArrayList<>();
    List<Double> inFit = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g);
        Model m = cnn(64, 3, 0.25)) {
      Ops tf = Ops.create(g);
      PipelineDataset d = PipelineDataset.build(tf, p);
      PipelineIterator it = PipelineIterator.create(tf, d.elementSpec());
      for (int r = 0; r <= rounds; r++) {
        long t0 = System.nanoTime();
        it.initialize(s, d, r + 1);
        long seen = 0;
        try {
          while (true) {
            try (var res = s.runner().fetch(it.advance()).run()) {
              seen += 1;
            }
          }
        } catch (TFOutOfRangeException end) {
          // the pass is over
        }
        double a = count / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        m.fit(p, FitOptions.epochs(1).verbose(0));
        double f = count / ((System.nanoTime() - t0) / 1e9);
        if (r > 0) {
          alone.add(a);
          inFit.add(f);
        }
        System.out.printf(
            "  round %d: pipeline alone %.0f images/s (%d batches), in fit %.0f images/s%n",
            r, a, seen, f);
      }
    }
    System.out.printf(
        "(2) image folder %d JPEGs 64x64, decode + RandomResizedCrop + flip, batch 32: pipeline alone %.0f images/s,"
            + " inside fit of BasicCNN(width 0.25) %.0f images/s%n",
        count, median(alone), median(inFit));
  }
}
