package io.tfweave.examples.images;

import io.tfweave.applications.BasicCNN;
import io.tfweave.applications.ResidualCNN;
import io.tfweave.data.ChannelNormalization;
import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.HostArray;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.OneHot;
import io.tfweave.data.TrainTest;
import io.tfweave.evaluation.ConfusionMatrix;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.plot.Plots;
import io.tfweave.plot.TrainingCurves;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.index.Indices;

/**
 * The report's Fashion-MNIST sweep: for BasicCNN and ResidualCNN, every learning rate × batch size (default 0.1, 0.01, 0.001
 * × 32, 64) for N epochs; then the best configuration of each model (by best validation accuracy) again with dropout 0.3 and
 * 0.5. Prints one line per run, a summary table (best val acc, test acc without and with dropout), the confusion matrix and
 * classification report of the best run, and saves validation curves per model, the best run's curves and its confusion
 * matrix as PNGs.
 *
 * <pre>
 * tools/run io.tfweave.examples.images.FashionMnistSweep --epochs 15                    (the full sweep)
 * tools/run io.tfweave.examples.images.FashionMnistSweep --epochs 1 --train 2000 --test 1000 --width 0.125   (a smoke run)
 * </pre>
 *
 * Options: {@code --epochs N} (10), {@code --train N} (60000, of which {@code --val} N, default 10%, are held out for
 * validation), {@code --test N} (10000), {@code --width m} (1.0, filter multiplier), {@code --models basic,residual},
 * {@code --image-folder DIR} (train BasicCNN on a folder of class sub-folders, streamed and augmented; see
 * {@link ImageFolderRun}), {@code --lrs 0.1,0.01,0.001}, {@code --batches 32,64}, {@code --dropouts 0.3,0.5} ({@code none} to skip), {@code --optimizer sgd|adam} (SGD with
 * momentum 0.9 by default), {@code --seed S} (1), {@code --data DIR} (/usr/share/datasets/fashion-mnist), {@code --out DIR}
 * (target/fashion-mnist).
 */
public final class FashionMnistSweep {
  private FashionMnistSweep() {}

  /** One training run and its results. */
  record Run(
      String model,
      double lr,
      int batch,
      double dropout,
      History history,
      double bestVal,
      int bestEpoch,
      double testAcc,
      int[] testPredictions,
      double seconds) {
    String label() {
      return String.format(
          Locale.ROOT,
          "%s lr=%s bs=%d%s",
          model,
          lr,
          batch,
          dropout > 0 ? " dropout=" + dropout : "");
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> a = parse(args);
    if (a.containsKey("image-folder")) {
      ImageFolderRun.run(a); // streams a folder of images instead of the IDX files
      return;
    }
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "10"));
    int nTrain = Integer.parseInt(a.getOrDefault("train", "60000"));
    int nVal = Integer.parseInt(a.getOrDefault("val", Integer.toString(Math.max(1, nTrain / 10))));
    int nTest = Integer.parseInt(a.getOrDefault("test", "10000"));
    double width = Double.parseDouble(a.getOrDefault("width", "1.0"));
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    String optimizer = a.getOrDefault("optimizer", "sgd");
    List<String> models = List.of(a.getOrDefault("models", "basic,residual").split(","));
    double[] lrs = doubles(a.getOrDefault("lrs", "0.1,0.01,0.001"));
    int[] batches = Arrays.stream(doubles(a.getOrDefault("batches", "32,64")))
        .mapToInt(d -> (int) d)
        .toArray();
    double[] dropouts = doubles(a.getOrDefault("dropouts", "0.3,0.5"));
    Path dataDir = Path.of(a.getOrDefault("data", FashionMnist.DEFAULT_DIR.toString()));
    Path out = Path.of(a.getOrDefault("out", "target/fashion-mnist"));
    Files.createDirectories(out);

    // ---- data: [0, 1] pixels, standardised with the training statistics; the last nVal training
    // images validate
    TrainTest<LabeledImages> data = FashionMnist.load(dataDir);
    float[] trainX = scaledImages(data.train(), nTrain);
    float[] trainY = labels(data.train(), nTrain);
    float[] testX = scaledImages(data.test(), nTest);
    float[] testY = labels(data.test(), nTest);
    nTrain = trainY.length;
    nTest = testY.length;
    if (nVal >= nTrain)
      throw new IllegalArgumentException("--val must be smaller than --train (" + nTrain + ")");
    int fit = nTrain - nVal;
    ChannelNormalization norm = ChannelNormalization.fit(Arrays.copyOf(trainX, fit * 784), 1);
    Dataset all = Dataset.ofArrays(
        List.of(HostArray.ofFloats(norm.apply(trainX), nTrain, 28, 28, 1)),
        HostArray.ofFloats(trainY, nTrain));
    Dataset train = all.take(fit);
    Dataset val = all.skip(fit);
    Dataset test = Dataset.ofArrays(
        List.of(HostArray.ofFloats(norm.apply(testX), nTest, 28, 28, 1)),
        HostArray.ofFloats(testY, nTest));
    int[] testLabels = OneHot.labels(test.targets());
    System.out.printf(
        Locale.ROOT,
        "Fashion-MNIST: %d train, %d validation, %d test images; %s; width %.3f; %d epochs; %s%n",
        fit,
        nVal,
        nTest,
        norm,
        width,
        epochs,
        optimizer);

    // ---- sweep
    List<Run> runs = new ArrayList<>();
    Map<String, Run> bestPerModel = new LinkedHashMap<>();
    for (String model : models) {
      for (double lr : lrs) {
        for (int batch : batches) {
          Run r = train(
              model, width, lr, batch, 0, epochs, seed, optimizer, train, val, test, testLabels);
          runs.add(r);
          if (!bestPerModel.containsKey(model)
              || r.bestVal() > bestPerModel.get(model).bestVal()) bestPerModel.put(model, r);
        }
      }
    }
    Map<String, List<Run>> dropoutRuns = new LinkedHashMap<>();
    for (Run best : bestPerModel.values()) {
      List<Run> rs = new ArrayList<>();
      for (double p : dropouts) {
        rs.add(train(
            best.model(),
            width,
            best.lr(),
            best.batch(),
            p,
            epochs,
            seed,
            optimizer,
            train,
            val,
            test,
            testLabels));
      }
      dropoutRuns.put(best.model(), rs);
      runs.addAll(rs);
    }

    // ---- tables
    System.out.println();
    System.out.println("All runs");
    System.out.printf(
        Locale.ROOT,
        "%-14s %7s %6s %8s %13s %9s %9s%n",
        "model",
        "lr",
        "batch",
        "dropout",
        "best val acc",
        "test acc",
        "seconds");
    for (Run r : runs) {
      System.out.printf(
          Locale.ROOT,
          "%-14s %7s %6d %8.1f %9.4f (%2d) %9.4f %9.0f%n",
          r.model(),
          r.lr(),
          r.batch(),
          r.dropout(),
          r.bestVal(),
          r.bestEpoch(),
          r.testAcc(),
          r.seconds());
    }
    System.out.println();
    System.out.println("Best configuration per model (test accuracy without / with dropout)");
    StringBuilder head = new StringBuilder(String.format(
        Locale.ROOT,
        "%-14s %7s %6s %13s %13s",
        "model",
        "lr",
        "batch",
        "best val acc",
        "test (no dr.)"));
    for (double p : dropouts)
      head.append(String.format(Locale.ROOT, " %13s", "test (dr. " + p + ")"));
    System.out.println(head);
    for (Run best : bestPerModel.values()) {
      StringBuilder row = new StringBuilder(String.format(
          Locale.ROOT,
          "%-14s %7s %6d %13.4f %13.4f",
          best.model(),
          best.lr(),
          best.batch(),
          best.bestVal(),
          best.testAcc()));
      for (Run d : dropoutRuns.get(best.model()))
        row.append(String.format(Locale.ROOT, " %13.4f", d.testAcc()));
      System.out.println(row);
    }

    // ---- best run overall: confusion matrix, report, plots
    Run best =
        runs.stream().max((x, y) -> Double.compare(x.bestVal(), y.bestVal())).orElseThrow();
    ConfusionMatrix cm = ConfusionMatrix.of(testLabels, best.testPredictions(), 10)
        .classNames(FashionMnist.CLASS_NAMES);
    System.out.println();
    System.out.println("Best run: " + best.label() + " (best val acc " + fmt(best.bestVal())
        + ", test acc " + fmt(best.testAcc()) + ")");
    System.out.println(cm);
    System.out.println(cm.report());
    for (String model : bestPerModel.keySet()) {
      Map<String, Map<String, List<Double>>> curves = new LinkedHashMap<>();
      for (Run r : runs)
        if (r.model().equals(model))
          curves.put(r.label().substring(model.length() + 1), r.history().asMap());
      Plots.save(
          TrainingCurves.compare(curves).metrics("val_accuracy", "val_loss"),
          out.resolve(model + "_val_curves.png"),
          1200,
          500);
    }
    Plots.save(
        new TrainingCurves(best.history().asMap()).metrics("loss", "accuracy"),
        out.resolve("best_curves.png"),
        1000,
        450);
    Plots.save(
        cm.plot().normalized(true).title("Confusion matrix: " + best.label()),
        out.resolve("best_confusion.png"),
        760,
        680);
    Plots.save(
        cm.plot().title("Confusion matrix (counts): " + best.label()),
        out.resolve("best_confusion_counts.png"),
        760,
        680);
    System.out.println("Saved plots to " + out.toAbsolutePath());
  }

  private static Run train(
      String model,
      double width,
      double lr,
      int batch,
      double dropout,
      int epochs,
      long seed,
      String optimizer,
      Dataset train,
      Dataset val,
      Dataset test,
      int[] testLabels) {
    long t0 = System.nanoTime();
    try (Model m = build(model, width, dropout, seed)) {
      Optimizer opt =
          optimizer.equals("adam") ? Optimizers.adam(lr) : Optimizers.sgd(lr).momentum(0.9);
      m.compile(opt, Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      History h = m.fit(
          train,
          FitOptions.epochs(epochs).batchSize(batch).validation(val).seed(seed).verbose(0));
      List<Double> va = h.get("val_accuracy");
      int bestEpoch = 0;
      for (int e = 1; e < va.size(); e++) if (va.get(e) > va.get(bestEpoch)) bestEpoch = e;
      int[] predictions = OneHot.argmax(m.predict(test));
      double testAcc = 0;
      for (int i = 0; i < predictions.length; i++) if (predictions[i] == testLabels[i]) testAcc++;
      testAcc /= predictions.length;
      double seconds = (System.nanoTime() - t0) / 1e9;
      Run r = new Run(
          model,
          lr,
          batch,
          dropout,
          h,
          va.get(bestEpoch),
          bestEpoch + 1,
          testAcc,
          predictions,
          seconds);
      System.out.printf(
          Locale.ROOT,
          "%-40s best val acc %s (epoch %d), final loss %.4f, test acc %s, %.0f s%n",
          r.label(),
          fmt(r.bestVal()),
          r.bestEpoch(),
          h.last("loss"),
          fmt(testAcc),
          seconds);
      return r;
    }
  }

  private static Model build(String model, double width, double dropout, long seed) {
    return switch (model) {
      case "basic" -> new BasicCNN(10)
          .inputShape(28, 28, 1)
          .widthMultiplier(width)
          .dropout(dropout)
          .seed(seed)
          .build();
      case "residual" -> new ResidualCNN(10)
          .inputShape(28, 28, 1)
          .widthMultiplier(width)
          .dropout(dropout)
          .seed(seed)
          .build();
      default -> throw new IllegalArgumentException(
          "--models takes basic and/or residual. Received: " + model);
    };
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static double[] doubles(String csv) {
    if (csv.equals("none")) return new double[0];
    return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Arguments are --name value pairs. Received: " + String.join(" ", args));
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }

  /** The first {@code n} images (all if fewer) as floats in [0, 1], row-major {@code [n, 28, 28]}. */
  private static float[] scaledImages(LabeledImages part, int n) {
    float[] x = HostArray.of(part.images().slice(Indices.range(0, Math.min(n, part.size()))))
        .floats();
    for (int i = 0; i < x.length; i++) x[i] /= 255f;
    return x;
  }

  /** The first {@code n} labels (all if fewer) as floats. */
  private static float[] labels(LabeledImages part, int n) {
    return HostArray.of(part.labels().slice(Indices.range(0, Math.min(n, part.size()))))
        .asFloat()
        .floats();
  }
}
