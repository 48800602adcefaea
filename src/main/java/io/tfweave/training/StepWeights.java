package io.tfweave.training;

import io.tfweave.losses.Loss;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The per-sample loss weights of a step graph (Keras's {@code sample_weight} and {@code class_weight}): weights that come
 * with each batch, and/or a class-weight table looked up by each sample's label (the label index for sparse targets, the
 * argmax of one-hot ones, the rounded 0/1 of binary ones); both multiply when given together.
 */
final class StepWeights {
  private Operand<TFloat32> sample;
  private final boolean classWeighted;
  private final boolean fromSlot;
  private Placeholder<TFloat32> tableFeed;
  private Op assignTable;

  /** Weights {@code sample} ({@code [batch]}, or null) and, with {@code classWeighted}, a class-weight table. */
  StepWeights(Operand<TFloat32> sample, boolean classWeighted) {
    this.sample = sample;
    this.classWeighted = classWeighted;
    this.fromSlot = false;
  }

  /** Sample weights fed with each in-memory batch ({@link HostBatches}) and, with {@code classWeighted}, a table. */
  static StepWeights gathered(boolean classWeighted) {
    return new StepWeights(classWeighted, true);
  }

  private StepWeights(boolean classWeighted, boolean fromSlot) {
    this.classWeighted = classWeighted;
    this.fromSlot = fromSlot;
  }

  /** True when the sample weights are fed with each in-memory batch ({@link #gathered}). */
  boolean fromSlot() {
    return fromSlot;
  }

  /** True with a class-weight table. */
  boolean classWeighted() {
    return classWeighted;
  }

  /** Sets the fed sample weights (for {@link #gathered} weights, before {@link #build}). */
  void sample(Operand<TFloat32> gatheredWeights) {
    this.sample = gatheredWeights;
  }

  /** The weight of each sample of {@code yTrue} ({@code [batch]}), built in the step graph. */
  Operand<TFloat32> build(Ops tf, Loss loss, Operand<TFloat32> yTrue) {
    Operand<TFloat32> w = sample == null ? null : tf.reshape(sample, tf.constant(new int[] {-1}));
    if (!classWeighted) return w;
    Variable<TFloat32> table =
        tf.withName("class_weights").variable(Shape.unknown(), TFloat32.class);
    tableFeed = tf.withName("class_weights_feed")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    assignTable = tf.assign(table, tableFeed, Assign.validateShape(false));
    Operand<TInt32> cls =
        switch (loss.kind()) {
          case SPARSE_CATEGORICAL -> tf.dtypes.cast(
              tf.reshape(yTrue, tf.constant(new int[] {-1})), TInt32.class);
          case CATEGORICAL -> tf.math.argMax(yTrue, tf.constant(-1), TInt32.class);
          default -> tf.dtypes.cast(
              tf.math.round(tf.reshape(yTrue, tf.constant(new int[] {-1}))), TInt32.class);
        };
    Operand<TFloat32> byClass =
        tf.reshape(tf.gather(table, cls, tf.constant(0)), tf.constant(new int[] {-1}));
    return w == null ? byClass : tf.math.mul(w, byClass);
  }

  /** Sets the class-weight table (weight of class i at index i). */
  void setClassWeights(Session session, float[] table) {
    try (TFloat32 t =
        TFloat32.tensorOf(Shape.of(table.length), DataBuffers.of(table, true, false))) {
      session.runner().feed(tableFeed, t).addTarget(assignTable).run().close();
    }
  }

  /**
   * Keras's {@code class_weight} as a table over {@code classes} classes (or more, if a key is larger): missing classes
   * weigh 1; fails for a loss that is not a classification loss.
   */
  static float[] table(java.util.Map<Integer, Double> classWeight, Loss loss, long classes) {
    if (loss.kind() == Loss.Kind.REGRESSION) {
      throw new IllegalArgumentException(
          "classWeight needs a classification loss, but the model is compiled with " + loss.name()
              + "; use sample weights (Pipeline.sampleWeight) instead");
    }
    int max = (int) Math.max(loss.kind() == Loss.Kind.BINARY ? 2 : classes, 1);
    for (int k : classWeight.keySet()) max = Math.max(max, k + 1);
    float[] t = new float[max];
    java.util.Arrays.fill(t, 1f);
    classWeight.forEach((k, v) -> t[k] = v.floatValue());
    return t;
  }
}
