package io.tfweave.losses;

import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Dice} loss: {@code 1 − 2 Σ t p / (Σ t + Σ p + ε)}, summed over {@code axis} (default: all axes, one
 * value for the whole batch, as Keras's {@code axis=None}). Immutable: {@link #axis} returns a new loss.
 */
public final class Dice extends Loss {
  private final int[] axis;

  Dice(int[] axis) {
    this.axis = axis == null ? null : axis.clone();
  }

  /** The axes summed over ({@code axis}), e.g. 1, 2 for one value per image and channel; none: all axes. */
  public Dice axis(int... axis) {
    return new Dice(axis.length == 0 ? null : axis);
  }

  @Override
  public String name() {
    return "dice";
  }

  @Override
  public Kind kind() {
    return Kind.BINARY;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("axis", axis == null ? null : Arrays.stream(axis).boxed().toList());
    return c;
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> t, Operand<TFloat32> p, Operand<TFloat32> logits) {
    Operand<TFloat32> inter = Tversky.sum(tf, tf.math.mul(t, p), axis);
    Operand<TFloat32> den = tf.math.add(
        tf.math.add(Tversky.sum(tf, t, axis), Tversky.sum(tf, p, axis)),
        tf.constant(Losses.EPSILON));
    return tf.math.sub(tf.constant(1f), tf.math.div(tf.math.mul(tf.constant(2f), inter), den));
  }
}
