package io.tfweave.examples.transfer;

import io.tfweave.activations.Activation;
import io.tfweave.applications.MobileNetV2;
import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.TrainTest;
import io.tfweave.graph.Weight;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.plot.ConfusionMatrixPlot;
import io.tfweave.plot.Plots;
import io.tfweave.saving.ImportReport;
import io.tfweave.saving.SavedModelLoader;
import io.tfweave.saving.WeightImport;
import io.tfweave.training.FitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The transfer-learning workload, step 2 (a fresh JVM): imports the MobileNetV2 pretrained on Fashion-MNIST classes 0–4
 * from its SavedModel, replaces the head by a new 5-class head for classes 5–9 and trains (a) the head on the frozen base,
 * (b) the head plus the last two inverted residual blocks at learning rate 5e-4, and (c) the same network from scratch,
 * each for the same number of epochs on the same data; prints a table and the confusion matrices and writes them as PNGs.
 *
 * <p>Arguments: {@code <savedmodel dir>} followed by the options of {@link TransferLearning}.
 */
public final class FineTune {
  private static final String[] NAMES =
      FashionMnist.CLASS_NAMES.subList(5, 10).toArray(String[]::new);

  private FineTune() {}

  private record Result(
      String name,
      long trainable,
      double lr,
      double seconds,
      double accuracy,
      double loss,
      int[][] cm) {}

  public static void main(String[] args) throws Exception {
    Path export = Path.of(args[0]);
    Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
    Map<String, Object> prov = SavedModelLoader.provenance(SavedModelLoader.readModelJson(export));
    System.out.println("Fine-tuning in a fresh JVM from " + export + " (pretrained "
        + prov.get("epochs_trained") + " epochs, last metrics " + prov.get("last_metrics")
        + ", tfweave " + prov.get("library_version") + ")");
    TrainTest<LabeledImages> data = FashionMnist.load(o.data);
    Dataset train = FashionMnistSubset.of(data.train(), 5, 9, o.trainPerClass, o.seed + 2);
    Dataset test = FashionMnistSubset.of(data.test(), 5, 9, o.testPerClass, o.seed + 3);
    System.out.printf(
        Locale.ROOT,
        "Classes 5-9: %d training and %d test images; budget %d epochs per case, batch %d%n",
        train.size(),
        test.size(),
        o.epochs,
        o.batchSize);

    List<Result> results = new ArrayList<>();
    try (Model a = newHead(export, o, true)) {
      MobileNetV2.unfreezeLastBlocks(a, 0);
      results.add(run("(a) frozen base + new head", a, 1e-3, train, test, o));
    }
    try (Model b = newHead(export, o, true)) {
      MobileNetV2.unfreezeLastBlocks(b, 2);
      results.add(run("(b) + last 2 blocks, lr 5e-4", b, 5e-4, train, test, o));
    }
    try (Model c = newHead(export, o, false)) {
      results.add(run("(c) from scratch", c, 1e-3, train, test, o));
    }

    System.out.println();
    System.out.println(
        "| case | trainable params | epochs | lr | train time (incl. graph build) | test accuracy | test loss |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %d | %s | %.1f s | %.3f | %.3f |%n",
          r.name(),
          r.trainable(),
          o.epochs,
          String.format(Locale.ROOT, "%.0e", r.lr()).replace("e-0", "e-"),
          r.seconds(),
          r.accuracy(),
          r.loss());
    }
    Files.createDirectories(o.out);
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      System.out.println();
      System.out.println(
          "Confusion matrix " + r.name() + " (rows: true class, columns: predicted)");
      System.out.println(format(r.cm()));
      Path png = o.out.resolve("transfer_confusion_" + "abc".charAt(i) + ".png");
      Plots.save(
          new ConfusionMatrixPlot(r.cm()).classNames(NAMES).title("Fashion-MNIST 5-9, " + r.name()),
          png,
          700,
          600);
    }
    System.out.println("Confusion matrix plots: "
        + o.out.toAbsolutePath().resolve("transfer_confusion_{a,b,c}.png"));
  }

  /** MobileNetV2 without its top (global average pooling) + dropout + a new softmax head, pretrained base or random. */
  private static Model newHead(Path export, Options o, boolean pretrained) {
    Model base = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .includeTop(false)
        .pooling("avg")
        .seed(o.seed)
        .batchNormMomentum(o.bnMomentum)
        .build();
    SymbolicTensor x = new Dropout(0.2).apply(base.outputs().get(0));
    Dense head = new Dense(5).activation(Activation.SOFTMAX);
    head.named("head_5_9");
    Model m = Model.of(base.inputs().get(0), head.apply(x))
        .named("fmnist_mobilenetv2_5_9")
        .seed(o.seed);
    if (pretrained) {
      ImportReport r = WeightImport.from(export).into(m);
      System.out.println(r.summary());
    }
    return m;
  }

  private static Result run(
      String name, Model m, double lr, Dataset train, Dataset test, Options o) {
    m.compile(Optimizers.adam(lr), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
    long trainable = m.trainableWeights().stream().mapToLong(Weight::size).sum();
    System.out.printf(Locale.ROOT, "%n%s: %,d trainable parameters%n", name, trainable);
    long t0 = System.nanoTime();
    m.fit(train, FitOptions.epochs(o.epochs).batchSize(o.batchSize).verbose(1).seed(o.seed));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> eval = m.evaluate(test);
    return new Result(
        name, trainable, lr, seconds, eval.get("accuracy"), eval.get("loss"), confusion(m, test));
  }

  private static int[][] confusion(Model m, Dataset test) {
    FloatNdArray p = m.predict(test);
    int n = (int) p.shape().get(0);
    int k = (int) p.shape().get(1);
    float[] probs = new float[n * k];
    p.copyTo(DataBuffers.of(probs, false, false));
    float[] labels = test.targets().floats();
    int[][] cm = new int[k][k];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
      cm[(int) labels[i]][best]++;
    }
    return cm;
  }

  private static String format(int[][] cm) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s", ""));
    for (String c : NAMES) b.append(String.format(Locale.ROOT, "%12s", c));
    for (int i = 0; i < cm.length; i++) {
      b.append('\n').append(String.format(Locale.ROOT, "%-12s", NAMES[i]));
      for (int v : cm[i]) b.append(String.format(Locale.ROOT, "%12d", v));
    }
    return b.toString();
  }
}
