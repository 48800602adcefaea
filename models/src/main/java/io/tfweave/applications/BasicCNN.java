package io.tfweave.applications;

import io.tfweave.layers.Padding;
import io.tfweave.layers.activations.ReLU;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.models.Sequential;

/**
 * A plain convolutional image classifier: five stages of 3×3 "same" {@code Conv2D} (no bias) → {@code BatchNormalization}
 * → {@code ReLU} with 32, 64, 128, 256 and 512 filters, a 2×2 {@code MaxPooling2D} after each stage but the last, then
 * {@code GlobalAveragePooling2D → Dense(256, relu) → [Dropout(p)] → Dense(classes, softmax)}.
 *
 * <pre>{@code
 * Model m = new BasicCNN(10).inputShape(28, 28, 1).dropout(0.3).seed(1).build();
 * m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
 * }</pre>
 *
 * <p>Layers are named {@code conv1}, {@code bn1}, {@code relu1}, {@code pool1} … {@code relu5}, {@code avg_pool},
 * {@code fc1}, {@code dropout}, {@code predictions}. Use {@code widthMultiplier(0.25)} or {@code filters(8, 16, 32)} for
 * small versions (the number of filters given is the number of stages).
 *
 * <p>For benchmarks: {@code new BasicCNN(10).inputShape(28, 28, 1).seed(1).build()} (about 1.7 M parameters, the full
 * width) compiled with Adam and sparse categorical cross-entropy, fed {@code [n, 28, 28, 1]} float32 images and float
 * labels with {@code FitOptions.epochs(1).batchSize(32)}; the spatial sizes are 28 → 14 → 7 → 3 → 1.
 */
public final class BasicCNN extends ClassifierBuilder<BasicCNN> {
  /** The filters of the five stages at width 1. */
  public static final int[] FILTERS_DEFAULT = {32, 64, 128, 256, 512};

  /** A builder for a classifier over {@code classes} classes. */
  public BasicCNN(int classes) {
    super(classes, "basic_cnn", FILTERS_DEFAULT);
  }

  @Override
  void features(Sequential s, int[] filters) {
    for (int i = 0; i < filters.length; i++) {
      int k = i + 1;
      s.add(new Conv2D(filters[i], 3).padding(Padding.SAME).useBias(false).named("conv" + k));
      s.add(new BatchNormalization().momentum(batchNormMomentum()).named("bn" + k));
      s.add(new ReLU().named("relu" + k));
      if (i < filters.length - 1) s.add(new MaxPooling2D().named("pool" + k));
    }
  }
}
