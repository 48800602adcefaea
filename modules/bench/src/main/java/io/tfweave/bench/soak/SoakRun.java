package io.tfweave.bench.soak;

import io.tfweave.activations.Activation;
import io.tfweave.data.Dataset;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** The work of a soak: one model trained by one thread, predicted by the others, checkpointed on a clock. */
final class SoakRun {
  static final int IMAGE = 16;
  final Model model;
  final Dataset train;
  final FloatNdArray probe;
  final AtomicLong trainSteps = new AtomicLong();
  final AtomicLong predictions = new AtomicLong();
  final AtomicLong checkpoints = new AtomicLong();
  final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Path checkpointPrefix;

  SoakRun(Path dir, int samples) {
    model = Sequential.builder()
        .input(IMAGE, IMAGE, 1)
        .add(
            new Conv2D(8, 3).activation(Activation.RELU),
            new MaxPooling2D(),
            new Flatten(),
            new Dense(32).activation(Activation.RELU),
            new Dropout(0.2),
            new Dense(4).activation(Activation.SOFTMAX))
        .seed(7)
        .build();
    model.compile(
        Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
    train = data(samples, new Random(1));
    probe = NdArrays.ofFloats(Shape.of(8, IMAGE, IMAGE, 1));
    Random r = new Random(2);
    probe.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    checkpointPrefix = dir.resolve("ckpt/soak");
  }

  /** Images whose class is the quadrant with the brightest blob, so that training has something to learn. */
  static Dataset data(int n, Random r) {
    float[] x = new float[n * IMAGE * IMAGE];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(4);
      y[i] = c;
      int cy = (c / 2) * IMAGE / 2 + IMAGE / 4;
      int cx = (c % 2) * IMAGE / 2 + IMAGE / 4;
      for (int py = 0; py < IMAGE; py++)
        for (int px = 0; px < IMAGE; px++) {
          double d2 = (py - cy) * (py - cy) + (px - cx) * (px - cx);
          x[(i * IMAGE + py) * IMAGE + px] = (float) (Math.exp(-d2 / 8.0) + 0.3 * r.nextGaussian());
        }
    }
    return Dataset.ofArrays(
        java.util.List.of(io.tfweave.data.HostArray.ofFloats(x, n, IMAGE, IMAGE, 1)),
        io.tfweave.data.HostArray.ofFloats(y, n, 1));
  }

  /** One epoch of training; returns its last accuracy. */
  double trainEpoch() {
    var h = model.fit(train, FitOptions.epochs(1).batchSize(32).verbose(0).shuffle(true));
    trainSteps.addAndGet((train.size() + 31) / 32);
    return h.get("accuracy").get(0);
  }

  void predictOnce() {
    FloatNdArray out = model.predict(probe);
    if (out.shape().get(0) != 8) throw new IllegalStateException("predict returned " + out.shape());
    predictions.incrementAndGet();
  }

  void checkpoint() {
    model.saveWeights(checkpointPrefix, 3);
    checkpoints.incrementAndGet();
  }

  void fail(Throwable t) {
    failure.compareAndSet(null, t);
  }
}
