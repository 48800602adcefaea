package io.tfweave.examples.quadratic;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SOFTMAX;

import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.HostArray;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.TrainTest;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.layers.quadratic.QuadraticConv2D;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.index.Indices;

/**
 * Experiment 3: a second-order CNN against the same first-order CNN on Fashion-MNIST 28x28, in two sizes. The network is
 * conv 5x5 (valid, ReLU) → 2x2 max pooling → fully connected hidden layer (ReLU) → softmax over 10 classes; "10-60" means
 * 10 feature maps and 60 hidden units, "5-70" 5 maps and 70 units. The second-order network uses {@link QuadraticConv2D}
 * and {@link QuadraticDense} for the convolution and the hidden layer (the softmax read-out stays linear). Adam 1e-3,
 * batch 64; prints mean ± standard deviation of the test accuracy over the seeds.
 *
 * <pre>
 * tools/run io.tfweave.examples.quadratic.FashionCnn                                   # the full protocol: 20 seeds, 60k/10k, 3 epochs
 * tools/run io.tfweave.examples.quadratic.FashionCnn --seeds 3 --train 6000 --test 2000 --epochs 2   # a quick look
 * </pre>
 * Options: {@code --data /usr/share/datasets/fashion-mnist}, {@code --configs 10-60,5-70},
 * {@code --variants first,relinear,random} (first order; second order with the default ReLinear initialisation; second
 * order with the paper's independent random kernels).
 */
public final class FashionCnn {
  private FashionCnn() {}

  public static void main(String[] argv) {
    Map<String, String> a = Experiments.args(argv);
    int seeds = Integer.parseInt(a.getOrDefault("seeds", "20"));
    int nTrain = Integer.parseInt(a.getOrDefault("train", "60000"));
    int nTest = Integer.parseInt(a.getOrDefault("test", "10000"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "3"));
    Path dir = Path.of(a.getOrDefault("data", FashionMnist.DEFAULT_DIR.toString()));
    TrainTest<LabeledImages> data = FashionMnist.load(dir);
    Dataset train = scaled(data.train(), nTrain);
    Dataset test = scaled(data.test(), nTest);
    System.out.printf(
        Locale.ROOT,
        "Fashion-MNIST: %d train / %d test images, %d epochs, batch 64, Adam 1e-3, %d seeds%n",
        train.size(),
        test.size(),
        epochs,
        seeds);
    System.out.println(
        "config  order            params  test accuracy mean ± std   (min..max)   s/run");
    for (String config : a.getOrDefault("configs", "10-60,5-70").split(",")) {
      int maps = Integer.parseInt(config.split("-")[0]);
      int hidden = Integer.parseInt(config.split("-")[1]);
      for (String variant : a.getOrDefault("variants", "first,relinear,random").split(",")) {
        boolean second = !variant.equals("first");
        double[] acc = new double[seeds];
        long params = 0;
        long t0 = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
          try (Model m = network(maps, hidden, second, variant.equals("random"), s + 1)) {
            params =
                m.weights().stream().mapToLong(io.tfweave.graph.Weight::size).sum();
            m.compile(
                Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            m.fit(train, FitOptions.epochs(epochs).batchSize(64).seed(s + 1L).verbose(0));
            acc[s] = m.evaluate(test, 500).get("accuracy");
          }
        }
        double min = java.util.Arrays.stream(acc).min().orElse(0);
        double max = java.util.Arrays.stream(acc).max().orElse(0);
        System.out.printf(
            Locale.ROOT,
            "%-6s  %-15s  %6d  %.4f ± %.4f            (%.4f..%.4f)  %5.0f%n",
            config,
            second ? "second/" + variant : "first",
            params,
            Experiments.mean(acc),
            Experiments.std(acc),
            min,
            max,
            (System.nanoTime() - t0) / 1e9 / seeds);
      }
    }
  }

  /** The first {@code limit} images (all if fewer) scaled to [0, 1], with float labels. */
  private static Dataset scaled(LabeledImages part, int limit) {
    int n = Math.min(part.size(), limit);
    HostArray x = HostArray.of(part.images().slice(Indices.range(0, n)));
    float[] pixels = x.floats();
    for (int i = 0; i < pixels.length; i++) pixels[i] /= 255f;
    return Dataset.ofArrays(
        List.of(x), HostArray.of(part.labels().slice(Indices.range(0, n))).asFloat());
  }

  /**
   * conv(maps, 5x5) → max pool 2x2 → hidden → softmax(10), first- or second-order; a second-order net uses the layers'
   * default initialisation (ReLinear) or, with {@code random}, the paper's independent random kernels.
   */
  static Model network(int maps, int hidden, boolean second, boolean random, long seed) {
    QuadraticInitialization init =
        random ? QuadraticInitialization.RANDOM : QuadraticInitialization.RELINEAR;
    return Sequential.named(second ? "cnn_quadratic" : "cnn")
        .input(28, 28, 1)
        .add(
            second
                ? new QuadraticConv2D(maps, 5).activation(RELU).initialization(init)
                : new Conv2D(maps, 5).activation(RELU))
        .add(new MaxPooling2D())
        .add(new Flatten())
        .add(
            second
                ? new QuadraticDense(hidden).activation(RELU).initialization(init)
                : new Dense(hidden).activation(RELU))
        .add(new Dense(10).activation(SOFTMAX))
        .seed(seed)
        .build();
  }
}
