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
import io.tfweave.saving.ImportReport;
import io.tfweave.saving.SavedModelLoader;
import io.tfweave.saving.WeightImport;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The transfer-learning workload, step 2 (a fresh JVM): imports the MobileNetV2 pretrained on Fashion-MNIST classes 0–4
 * from its SavedModel, replaces the head by a new 5-class head for the small target task (classes 5–9,
 * {@code --train-per-class} images per class) and trains (a) the head on the frozen base, (b) the head plus the last two
 * inverted residual blocks and {@code Conv_1} at a lower learning rate ({@code --finetune-lr}, BatchNormalization in
 * inference mode), and (c) the
 * same network from scratch, each for the same epochs on the same sample, for {@code --seeds} target samples and seeds;
 * prints the table (mean ± std), the curves and the best run's confusion matrix, and writes them as PNGs.
 *
 * <p>Arguments: {@code <savedmodel dir>} followed by the options of {@link TransferLearning}.
 */
public final class FineTune {
  private FineTune() {}

  public static void main(String[] args) throws Exception {
    Path export = Path.of(args[0]);
    Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
    Map<String, Object> prov = SavedModelLoader.provenance(SavedModelLoader.readModelJson(export));
    System.out.println("Fine-tuning in a fresh JVM from " + export + " (pretrained "
        + prov.get("epochs_trained") + " epochs, last metrics " + prov.get("last_metrics")
        + ", tfweave " + prov.get("library_version") + ")");
    TrainTest<LabeledImages> data = FashionMnist.load(o.data);
    Dataset test = FashionMnistSubset.of(data.test(), 5, 9, o.testPerClass, o.seed + 3);
    TransferReport report = new TransferReport();
    for (int s = 0; s < o.seeds; s++) {
      long seed = o.seed + 100L * s;
      Dataset train = FashionMnistSubset.of(data.train(), 5, 9, o.trainPerClass, seed + 2);
      System.out.printf(
          Locale.ROOT,
          "%nSeed %d: classes 5-9, %d training and %d test images; %d epochs per case, batch %d%n",
          seed,
          train.size(),
          test.size(),
          o.epochs,
          o.batchSize);
      try (Model a = newHead(export, o, seed, true)) {
        MobileNetV2.unfreezeLastBlocks(a, 0);
        report.add(run("(a) frozen base + new head", a, o.lr, seed, train, test, o));
      }
      try (Model b = newHead(export, o, seed, true)) {
        MobileNetV2.unfreezeLastBlocks(b, 2);
        report.add(run("(b) + last 2 blocks", b, o.finetuneLr, seed, train, test, o));
      }
      try (Model c = newHead(export, o, seed, false)) {
        report.add(run("(c) from scratch", c, o.lr, seed, train, test, o));
      }
    }
    report.print(o);
    report.save(o);
  }

  /** MobileNetV2 without its top (global average pooling) + dropout + a new softmax head, pretrained base or random. */
  private static Model newHead(Path export, Options o, long seed, boolean pretrained) {
    Model base = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .includeTop(false)
        .pooling("avg")
        .seed(seed)
        .batchNormMomentum(o.bnMomentum)
        .build();
    SymbolicTensor x = new Dropout(0.2).apply(base.outputs().get(0));
    Dense head = new Dense(5).activation(Activation.SOFTMAX);
    head.named("head_5_9");
    Model m = Model.of(base.inputs().get(0), head.apply(x))
        .named("fmnist_mobilenetv2_5_9")
        .seed(seed);
    if (pretrained) {
      ImportReport r = WeightImport.from(export).into(m);
      System.out.println(r.summary());
    }
    return m;
  }

  private static TransferReport.Run run(
      String name, Model m, double lr, long seed, Dataset train, Dataset test, Options o) {
    m.compile(Optimizers.adam(lr), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
    long trainable = m.trainableWeights().stream().mapToLong(Weight::size).sum();
    System.out.printf(Locale.ROOT, "%s: %,d trainable parameters%n", name, trainable);
    long t0 = System.nanoTime();
    History h = m.fit(
        train,
        FitOptions.epochs(o.epochs).batchSize(o.batchSize).verbose(0).seed(seed).validation(test));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> eval = m.evaluate(test);
    System.out.printf(
        Locale.ROOT,
        "  %.1f s, test accuracy %.3f (per epoch: %s)%n",
        seconds,
        eval.get("accuracy"),
        h.get("val_accuracy").stream()
            .map(v -> String.format(Locale.ROOT, "%.3f", v))
            .toList());
    Map<String, List<Double>> curves = new LinkedHashMap<>();
    for (String k : List.of("accuracy", "val_accuracy", "loss", "val_loss"))
      curves.put(k, h.get(k));
    return new TransferReport.Run(
        name,
        seed,
        trainable,
        lr,
        seconds,
        eval.get("accuracy"),
        eval.get("loss"),
        curves,
        confusion(m, test));
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
}
