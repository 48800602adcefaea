package io.tfweave.layers.recurrent;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.recurrent.Recurrent.Sequence;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Runs a recurrent layer over the sequence in both directions and merges the two outputs (Keras's {@code Bidirectional}).
 *
 * <p>The wrapped layer is copied into {@code forward_<name>} and {@code backward_<name>} (the latter with {@code goBackwards}
 * flipped), so the weights are {@code <this>/forward_lstm/kernel}, {@code <this>/backward_lstm/recurrent_kernel}, ... as in
 * Keras. With {@code returnSequences} the backward outputs are reversed back into time order and masked steps give zeros.
 * Merge modes ({@link MergeMode}): {@code CONCAT} (default), {@code SUM}, {@code MUL}, {@code AVE}, or null for two
 * separate outputs.
 *
 * <p>Input shape: {@code (batch, time, features)}. Output shape: the wrapped layer's, with the last dimension doubled for
 * {@code CONCAT}; with {@code returnState} the forward then the backward final states follow.
 */
public final class Bidirectional extends BaseLayer<Bidirectional> {
  /** Keras's default merge mode. */
  public static final MergeMode MERGE_MODE_DEFAULT = MergeMode.CONCAT;

  private static final Option<Layer> LAYER = Option.of(
          "layer", (Layer) null, Configs::wrapped, Configs::unwrapped)
      .required()
      .checked(l -> {
        if (!(l instanceof Recurrent<?>)) {
          throw new IllegalArgumentException(
              "Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN). Received: "
                  + l.className());
        }
        return l;
      });
  private static final Option<MergeMode> MERGE_MODE =
      Option.mode("merge_mode", MergeMode.class, MERGE_MODE_DEFAULT).nullable();
  private static final List<Option<?>> OPTIONS = Option.list(LAYER, MERGE_MODE);
  private final Recurrent<?> forward;
  private final Recurrent<?> backward;

  /** Wraps {@code layer}, which is copied (the instance passed in is not built). */
  public Bidirectional(Recurrent<?> layer) {
    super(OPTIONS);
    if (layer == null)
      throw new IllegalArgumentException("layer must be a recurrent layer. Received: layer=null");
    set(LAYER, layer);
    String base = layer.name() != null ? layer.name() : layer.defaultBaseName();
    this.forward = layer.copy();
    forward.named("forward_" + base);
    this.backward = layer.copy();
    backward.goBackwards(!layer.goBackwards());
    backward.named("backward_" + base);
    for (Recurrent<?> r : List.of(forward, backward)) r.zeroOutputForMask = layer.returnSequences();
  }

  /** How to combine the two directions, or null for two outputs (default {@link MergeMode#CONCAT}). */
  public Bidirectional mergeMode(MergeMode mode) {
    return set(MERGE_MODE, mode);
  }

  /** The merge mode, or null. */
  public MergeMode mergeMode() {
    return get(MERGE_MODE);
  }

  /** The forward copy of the wrapped layer. */
  public Recurrent<?> forwardLayer() {
    return forward;
  }

  /** The wrapped layer. */
  public Recurrent<?> layer() {
    return (Recurrent<?>) get(LAYER);
  }

  /** The backward copy of the wrapped layer. */
  public Recurrent<?> backwardLayer() {
    return backward;
  }

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    List<Shape> one = forward.outputShapes(in);
    Shape y = one.get(0);
    List<Shape> out = new ArrayList<>();
    if (mergeMode() == null) {
      out.add(y);
      out.add(y);
    } else {
      out.add(mergeMode() == MergeMode.CONCAT ? Shapes.withLast(y, 2 * Shapes.last(y)) : y);
    }
    for (int i = 0; i < 2; i++) out.addAll(one.subList(1, one.size()));
    return out;
  }

  @Override
  protected void build(List<Shape> in, WeightFactory w) {
    forward.buildWrapped(in, w.child(forward.name()));
    backward.buildWrapped(in, w.child(backward.name()));
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    CallContext ctx = CallContext.current();
    Operand<TBool> mask = ctx.maskOf(x.get(0));
    Operand<TFloat32> in = toFloat(tf, x.get(0));
    Sequence f = forward.run(tf.withSubScope(forward.name()), in, mask, mode);
    Sequence b = backward.run(tf.withSubScope(backward.name()), in, mask, mode);
    boolean sequences = layer().returnSequences();
    Operand<TFloat32> yf = sequences ? f.outputs() : f.last();
    Operand<TFloat32> yb =
        sequences ? tf.reverse(b.outputs(), tf.constant(new int[] {1})) : b.last();
    List<Operand<?>> out = new ArrayList<>();
    if (mergeMode() == null) {
      out.add(yf);
      out.add(yb);
    } else {
      out.add(
          switch (mergeMode()) {
            case CONCAT -> tf.concat(List.of(yf, yb), tf.constant(-1));
            case SUM -> tf.math.add(yf, yb);
            case MUL -> tf.math.mul(yf, yb);
            case AVE -> tf.math.mul(tf.math.add(yf, yb), tf.constant(0.5f));
          });
    }
    if (sequences && mask != null) {
      for (Operand<?> o : out) ctx.recordMask(o, mask);
    }
    if (layer().returnState()) {
      out.addAll(f.states());
      out.addAll(b.states());
    }
    return out;
  }

  /** Rebuilds from a Keras config. */
  public static Bidirectional fromConfig(Map<String, Object> c) {
    return new Bidirectional((Recurrent<?>) LAYER.read(c)).readConfig(c);
  }
}
