package io.tfweave.applications;

import io.tfweave.activations.Activation;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.util.Arrays;

/**
 * Options shared by the ready image classifiers: input shape, classes, per-stage filters (explicit or scaled by a width
 * multiplier), and the head {@code GlobalAveragePooling2D → Dense(denseUnits, relu) → [Dropout] → Dense(classes, softmax)}.
 */
abstract class ClassifierBuilder<B extends ClassifierBuilder<B>> {
  /** Units of the hidden dense layer of the head by default. */
  public static final int DENSE_UNITS_DEFAULT = 256;

  final int classes;
  private final int[] defaultFilters;
  private long[] inputShape = {28, 28, 1};
  private int[] filters;
  private double widthMultiplier = 1.0;
  private int denseUnits = DENSE_UNITS_DEFAULT;
  private double dropout;
  private double batchNormMomentum = BatchNormalization.MOMENTUM_DEFAULT;
  private Long seed;
  private String name;

  ClassifierBuilder(int classes, String defaultName, int... defaultFilters) {
    if (classes < 2)
      throw new IllegalArgumentException(
          "classes must be at least 2. Received: classes=" + classes);
    this.classes = classes;
    this.name = defaultName;
    this.defaultFilters = defaultFilters;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Per-sample input shape {@code (height, width, channels)} (default 28, 28, 1: Fashion-MNIST). */
  public B inputShape(long... shape) {
    if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
      throw new IllegalArgumentException(
          "inputShape must be (height, width, channels) with positive sizes. Received: "
              + Arrays.toString(shape));
    }
    this.inputShape = shape.clone();
    return self();
  }

  /** Exact filters per stage (overrides the width multiplier); the number of values is the number of stages. */
  public B filters(int... f) {
    if (f == null || f.length == 0 || Arrays.stream(f).anyMatch(v -> v <= 0)) {
      throw new IllegalArgumentException(
          "filters must be one or more positive integers. Received: " + Arrays.toString(f));
    }
    this.filters = f.clone();
    return self();
  }

  /** Scales the default filters (at least 1 each), e.g. 0.25 for a quick, small model (default 1). */
  public B widthMultiplier(double m) {
    if (!(m > 0) || Double.isInfinite(m)) {
      throw new IllegalArgumentException(
          "widthMultiplier must be a positive number. Received: widthMultiplier=" + m);
    }
    this.widthMultiplier = m;
    return self();
  }

  /** Units of the hidden dense layer of the head (default 256). */
  public B denseUnits(int units) {
    if (units <= 0)
      throw new IllegalArgumentException(
          "denseUnits must be a positive integer. Received: denseUnits=" + units);
    this.denseUnits = units;
    return self();
  }

  /** Dropout rate before the classifier layer; 0 (default) adds no Dropout layer. */
  public B dropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "dropout must be in the range [0, 1). Received: dropout=" + rate);
    }
    this.dropout = rate;
    return self();
  }

  /**
   * Momentum of every batch normalization (default 0.99, Keras's); lower values such as 0.9 make the moving statistics, and
   * so validation accuracy, follow the training sooner on small data sets or short runs.
   */
  public B batchNormMomentum(double m) {
    if (!(m >= 0 && m < 1)) {
      throw new IllegalArgumentException(
          "batchNormMomentum must be in the range [0, 1). Received: batchNormMomentum=" + m);
    }
    this.batchNormMomentum = m;
    return self();
  }

  /** The momentum of the batch normalizations. */
  double batchNormMomentum() {
    return batchNormMomentum;
  }

  /** Seed for initializers and dropout (default: random). */
  public B seed(long s) {
    this.seed = s;
    return self();
  }

  /** The model's name. */
  public B name(String n) {
    this.name = n;
    return self();
  }

  /** The filters of each stage: explicit, or the defaults times the width multiplier. */
  public int[] stageFilters() {
    if (filters != null) return filters.clone();
    return Arrays.stream(defaultFilters)
        .map(f -> Math.max(1, (int) Math.round(f * widthMultiplier)))
        .toArray();
  }

  /** The feature extractor, stage by stage. */
  abstract void features(Sequential s, int[] stageFilters);

  /** Builds the model (not compiled). */
  public Model build() {
    Sequential s = Sequential.named(name).input(inputShape);
    features(s, stageFilters());
    s.add(new GlobalAveragePooling2D().named("avg_pool"));
    s.add(new Dense(denseUnits).activation(Activation.RELU).named("fc1"));
    if (dropout > 0) s.add(new Dropout(dropout).named("dropout"));
    s.add(new Dense(classes).activation(Activation.SOFTMAX).named("predictions"));
    if (seed != null) s.seed(seed);
    return s.build();
  }
}
