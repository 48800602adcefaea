package io.tfweave.examples.transfer;

import io.tfweave.applications.MobileNetV2;
import io.tfweave.callbacks.BackupAndRestore;
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
import io.tfweave.saving.SavedModelLoader;
import io.tfweave.training.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The transfer-learning workload, step 1: pretrains MobileNetV2 (alpha 0.35, 32×32×3) on Fashion-MNIST classes 0–4 (the
 * source task, {@code --source-per-class} images per class) and exports it as a SavedModel
 * ({@code <out>/fmnist_mobilenetv2_0_4/<version>/}), or reuses an export made with the same settings. Pretraining is
 * resumable: a killed run continues from its last epoch ({@link BackupAndRestore}). Then it starts a fresh JVM running
 * {@link FineTune} on that export: the small target task (classes 5–9) for (a) frozen base, (b) last blocks, (c) scratch.
 *
 * <pre>tools/run io.tfweave.examples.transfer.TransferLearning --source-per-class 2000 --pretrain-epochs 6 \
 *     --train-per-class 100 --epochs 10 --seeds 3</pre>
 */
public final class TransferLearning {
  static final String NAME = "fmnist_mobilenetv2_0_4";

  private TransferLearning() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path base = o.out.resolve(NAME);
    Optional<Path> reuse = existing(base, o.pretrainingKey());
    Path export = reuse.isPresent() ? reuse.get() : pretrain(o, base);
    reuse.ifPresent(p ->
        System.out.println("Reusing the pretrained export " + p + " (" + o.pretrainingKey() + ")"));
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

  private static Path pretrain(Options o, Path base) throws IOException {
    System.out.printf(
        Locale.ROOT,
        "Pretraining MobileNetV2 (alpha 0.35, 32x32x3, BN momentum %s) on Fashion-MNIST classes 0-4: %d images per "
            + "class, %d epochs, batch %d%n",
        o.bnMomentum,
        o.sourcePerClass,
        o.pretrainEpochs,
        o.batchSize);
    TrainTest<LabeledImages> data = FashionMnist.load(o.data);
    Dataset train = FashionMnistSubset.of(data.train(), 0, 4, o.sourcePerClass, o.seed);
    Dataset test = FashionMnistSubset.of(data.test(), 0, 4, o.testPerClass, o.seed + 1);
    try (Model m = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .classes(5)
        .name(NAME)
        .seed(o.seed)
        .batchNormMomentum(o.bnMomentum)
        .build()) {
      m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      long t0 = System.nanoTime();
      Path backup = o.out.resolve(NAME + ".backup");
      m.fit(
          train,
          FitOptions.epochs(o.pretrainEpochs)
              .batchSize(o.batchSize)
              .verbose(1)
              .seed(o.seed)
              .callbacks(new BackupAndRestore(backup)));
      Map<String, Double> eval = m.evaluate(test);
      System.out.printf(
          Locale.ROOT,
          "Pretrained in %.1f s: test accuracy %.3f, loss %.3f (classes 0-4)%n",
          (System.nanoTime() - t0) / 1e9,
          eval.get("accuracy"),
          eval.get("loss"));
      Path export = SavedModelExporter.exportVersion(
          m,
          base,
          SavedModelExporter.nextVersion(base),
          ExportOptions.defaults()
              .metadata("pretraining", o.pretrainingKey())
              .metadata("dataset", "fashion-mnist classes 0-4, 28x28 resized to 32x32x3")
              .metadata("test_accuracy", eval.get("accuracy")));
      System.out.println("Exported SavedModel: " + export);
      return export;
    }
  }

  /** The newest export under {@code base} whose metadata says it was pretrained with {@code key}. */
  private static Optional<Path> existing(Path base, String key) throws IOException {
    if (!Files.isDirectory(base)) return Optional.empty();
    try (Stream<Path> versions = Files.list(base)) {
      return versions
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .sorted(Comparator.comparingLong(
                  (Path p) -> Long.parseLong(p.getFileName().toString()))
              .reversed())
          .filter(p -> key.equals(metadata(p).get("pretraining")))
          .findFirst();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Path export) {
    try {
      Object m =
          SavedModelLoader.provenance(SavedModelLoader.readModelJson(export)).get("metadata");
      return m instanceof Map ? (Map<String, Object>) m : Map.of();
    } catch (RuntimeException notAnExport) {
      return Map.of();
    }
  }
}
