package io.tfweave.layers.attention;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.RandomOps;
import io.tfweave.layers.Layer;
import io.tfweave.shape.Shapes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The graph pieces the attention layers share: masks (padding, causal, explicit), masked softmax, dropout of weights. */
final class AttentionOps {
  /** Keras's large negative logit for masked positions in float32. */
  static final float LARGE_NEGATIVE = -1e9f;

  private AttentionOps() {}

  /** {@code a ∧ b} with broadcasting, where either may be null (absent). */
  static Operand<TBool> and(Ops tf, Operand<TBool> a, Operand<TBool> b) {
    if (a == null) return b;
    if (b == null) return a;
    return tf.math.logicalAnd(a, b);
  }

  /** Keras's causal mask {@code [1, T, S]}: query step {@code i} may attend to key step {@code j} iff {@code i ≥ j}. */
  static Operand<TBool> causal(Ops tf, Operand<TFloat32> query, Operand<TFloat32> value) {
    Operand<TInt32> t = steps(tf, query);
    Operand<TInt32> s = steps(tf, value);
    Operand<TInt32> rows =
        tf.expandDims(tf.range(tf.constant(0), t, tf.constant(1)), tf.constant(1));
    Operand<TInt32> cols =
        tf.expandDims(tf.range(tf.constant(0), s, tf.constant(1)), tf.constant(0));
    return tf.expandDims(tf.math.greaterEqual(rows, cols), tf.constant(0));
  }

  private static Operand<TInt32> steps(Ops tf, Operand<TFloat32> x) {
    long known = x.shape().get(1);
    if (known >= 0) return tf.constant((int) known);
    return tf.reshape(
        tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {1})),
        tf.constant(new int[0]));
  }

  /** An explicit attention mask of any numeric dtype as booleans (nonzero attends), as Keras's cast to bool. */
  static Operand<TBool> explicit(Ops tf, Operand<?> mask) {
    if (mask.type() == TBool.class) return mask.asOutput().expect(TBool.class);
    return tf.math.notEqual(tf.dtypes.cast(mask, TFloat32.class), tf.constant(0f));
  }

  /** Softmax over the last axis after setting masked logits to {@link #LARGE_NEGATIVE}; {@code mask} broadcasts or is null. */
  static Operand<TFloat32> maskedSoftmax(Ops tf, Operand<TFloat32> scores, Operand<TBool> mask) {
    if (mask != null) scores = tf.select(mask, scores, tf.constant(LARGE_NEGATIVE));
    return tf.nn.softmax(scores);
  }

  /** Inverted dropout of {@code x} in training (identity otherwise), seeded as Keras's Dropout layer is here. */
  static Operand<TFloat32> dropout(
      Ops tf, Operand<TFloat32> x, double rate, Long seed, CallMode mode) {
    if (!mode.training() || rate == 0) return x;
    long s = seed != null ? seed : CallContext.current().nextSeed();
    return RandomOps.dropout(tf, x, rate, s);
  }

  /** Requires a rank-3 {@code (batch, steps, features)} input named {@code what} with known features. */
  static void checkSequence(Layer layer, String what, Shape s) {
    if (s.numDimensions() != 3 || s.get(2) < 0) {
      throw layer.shapeError(
          "a 3-D " + what + " (batch, steps, features) with known features",
          s,
          s.numDimensions() == 2
              ? "add a steps axis, e.g. Reshape(1, features) or RepeatVector."
              : null);
    }
  }

  /** Requires an explicit attention mask broadcastable to {@code (batch, T, S)}. */
  static void checkMask(Layer layer, Shape mask, long t, long s) {
    boolean ok = mask.numDimensions() == 3 && fits(mask.get(1), t) && fits(mask.get(2), s);
    if (!ok) {
      throw layer.shapeError(
          "an attention_mask of shape (batch, "
              + Shapes.text(Shape.of(t, s)).replace("[", "").replace("]", "")
              + ") or broadcastable to it",
          mask,
          "1 attends, 0 does not.");
    }
  }

  private static boolean fits(long got, long want) {
    return got == 1 || got < 0 || want < 0 || got == want;
  }

  /** Query, value and key inputs of a list {@code (query, value[, key ...])}: the key is the value when absent. */
  static List<Shape> queryValueKey(List<Shape> in) {
    return List.of(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : in.get(1));
  }
}
