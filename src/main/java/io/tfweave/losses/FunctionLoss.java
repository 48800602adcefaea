package io.tfweave.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A loss given by a function: either element-wise (the per-sample loss is the mean over the last axis, as Keras's
 * {@code mean(f(y_true, y_pred), axis=-1)} losses) or per sample.
 */
final class FunctionLoss extends Loss {
  /** An element-wise or per-sample formula. */
  interface Fn {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);
  }

  private final String name;
  private final Kind kind;
  private final Fn fn;
  private final boolean elementwise;

  private FunctionLoss(String name, Kind kind, Fn fn, boolean elementwise) {
    this.name = name;
    this.kind = kind;
    this.fn = fn;
    this.elementwise = elementwise;
  }

  /** {@code mean(f(y_true, y_pred), axis=-1)}. */
  static Loss elementwise(String name, Kind kind, Fn f) {
    return new FunctionLoss(name, kind, f, true);
  }

  /** {@code f(y_true, y_pred)} is already one value per sample. */
  static Loss perSample(String name, Kind kind, Fn f) {
    return new FunctionLoss(name, kind, f, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    Operand<TFloat32> v = fn.apply(tf, yTrue, yPred);
    return elementwise ? tf.math.mean(v, tf.constant(-1)) : v;
  }

  @Override
  public Operand<TFloat32> compute(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    if (elementwise) return meanOfAll(tf, fn.apply(tf, yTrue, yPred));
    return super.compute(tf, yTrue, yPred, logits);
  }
}
