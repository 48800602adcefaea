package io.tfweave.examples.transfer;

import io.tfweave.applications.MobileNetV2;
import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.TrainTest;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.saving.ExportOptions;
import io.tfweave.saving.SavedModelExporter;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transfer-learning workload, step 1: pretrains MobileNetV2 (alpha 0.35, 32×32×3) on Fashion-MNIST classes 0–4,
 * exports it as a SavedModel ({@code <out>/fmnist_mobilenetv2_0_4/<version>/}), then starts a fresh JVM running
 * {@link FineTune} on that export (classes 5–9: frozen base, last two blocks, from scratch).
 *
 * <pre>tools/run io.tfweave.examples.transfer.TransferLearning --epochs 3 --train-per-class 500</pre>
 */
public final class TransferLearning {
  private TransferLearning() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.out.printf(
        Locale.ROOT,
        "Pretraining MobileNetV2 (alpha 0.35, 32x32x3, BN momentum %s) on Fashion-MNIST classes "
            + "0-4: %d images per class, %d epochs, batch %d%n",
        o.bnMomentum,
        o.trainPerClass,
        o.pretrainEpochs,
        o.batchSize);
    TrainTest<LabeledImages> data = FashionMnist.load(o.data);
    Dataset train = FashionMnistSubset.of(data.train(), 0, 4, o.trainPerClass, o.seed);
    Dataset test = FashionMnistSubset.of(data.test(), 0, 4, o.testPerClass, o.seed + 1);
    Path export;
    try (Model m = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .classes(5)
        .name("fmnist_mobilenetv2_0_4")
        .seed(o.seed)
        .batchNormMomentum(o.bnMomentum)
        .build()) {
      m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      long t0 = System.nanoTime();
      m.fit(train, FitOptions.epochs(o.pretrainEpochs).batchSize(o.batchSize).verbose(1));
      Map<String, Double> eval = m.evaluate(test);
      System.out.printf(
          Locale.ROOT,
          "Pretrained in %.1f s: test accuracy %.3f, loss %.3f (classes 0-4)%n",
          (System.nanoTime() - t0) / 1e9,
          eval.get("accuracy"),
          eval.get("loss"));
      Path base = o.out.resolve(m.name());
      export = SavedModelExporter.exportVersion(
          m,
          base,
          SavedModelExporter.nextVersion(base),
          ExportOptions.defaults()
              .metadata(
                  "dataset",
                  "fashion-mnist classes 0-4, " + o.trainPerClass
                      + " per class, 28x28 resized to 32x32x3")
              .metadata("test_accuracy", eval.get("accuracy")));
      System.out.println("Exported SavedModel: " + export);
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true",
        "-Xmx6g",
        "-cp",
        System.getProperty("java.class.path"),
        FineTune.class.getName(),
        export.toString()));
    cmd.addAll(o.toArgs());
    System.out.println(
        "Starting a fresh JVM for fine-tuning: " + FineTune.class.getName() + " " + export);
    int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
    if (rc != 0) throw new IllegalStateException("FineTune exited with " + rc);
  }
}
