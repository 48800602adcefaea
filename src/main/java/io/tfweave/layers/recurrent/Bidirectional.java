package io.tfweave.layers.recurrent;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.merging.Merge;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.layers.recurrent.Recurrent.Sequence;
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
 * Merge modes: {@code concat} (default), {@code sum}, {@code mul}, {@code ave}, or null for two separate outputs.
 *
 * <p>Input shape: {@code (batch, time, features)}. Output shape: the wrapped layer's, with the last dimension doubled for
 * {@code concat}; with {@code returnState} the forward then the backward final states follow.
 */
public final class Bidirectional extends Layer {
  /** Keras's default merge mode. */
  public static final String MERGE_MODE_DEFAULT = "concat";
  private final Recurrent<?> layer;
  private final Recurrent<?> forward;
  private final Recurrent<?> backward;
  private String mergeMode = MERGE_MODE_DEFAULT;

  /** Wraps {@code layer}, which is copied (the instance passed in is not built). */
  public Bidirectional(Recurrent<?> layer) {
    if (layer == null) throw new IllegalArgumentException("layer must be a recurrent layer. Received: layer=null");
    this.layer = layer;
    String base = layer.name() != null ? layer.name() : layer.defaultBaseName();
    this.forward = layer.copy();
    forward.named("forward_" + base);
    this.backward = layer.copy();
    backward.goBackwards = !layer.goBackwards;
    backward.named("backward_" + base);
    for (Recurrent<?> r : List.of(forward, backward)) r.zeroOutputForMask = layer.returnSequences;
  }

  /** How to combine the two directions: concat, sum, mul, ave, or null for two outputs (default concat). */
  public Bidirectional mergeMode(String mode) {
    return configure(() -> this.mergeMode = mode == null ? null : Checks.oneOf("mergeMode", mode, "concat", "sum", "mul",
        "ave"));
  }

  /** The merge mode, or null. */
  public String mergeMode() { return mergeMode; }

  /** The forward copy of the wrapped layer. */
  public Recurrent<?> forwardLayer() { return forward; }

  /** The backward copy of the wrapped layer. */
  public Recurrent<?> backwardLayer() { return backward; }

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    List<Shape> one = forward.outputShapes(in);
    Shape y = one.get(0);
    List<Shape> out = new ArrayList<>();
    if (mergeMode == null) {
      out.add(y);
      out.add(y);
    } else {
      out.add("concat".equals(mergeMode) ? io.tfweave.shape.Shapes.withLast(y, 2 * io.tfweave.shape.Shapes.last(y)) : y);
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
    boolean sequences = layer.returnSequences;
    Operand<TFloat32> yf = sequences ? f.outputs() : f.last();
    Operand<TFloat32> yb = sequences ? tf.reverse(b.outputs(), tf.constant(new int[] {1})) : b.last();
    List<Operand<?>> out = new ArrayList<>();
    if (mergeMode == null) {
      out.add(yf);
      out.add(yb);
    } else {
      out.add(switch (mergeMode) {
        case "concat" -> tf.concat(List.of(yf, yb), tf.constant(-1));
        case "sum" -> tf.math.add(yf, yb);
        case "mul" -> tf.math.mul(yf, yb);
        default -> tf.math.mul(tf.math.add(yf, yb), tf.constant(0.5f));
      });
    }
    if (sequences && mask != null) {
      for (Operand<?> o : out) ctx.recordMask(o, mask);
    }
    if (layer.returnState) {
      out.addAll(f.states());
      out.addAll(b.states());
    }
    return out;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("layer", Configs.wrapped(layer));
    c.put("merge_mode", mergeMode);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static Bidirectional fromConfig(Map<String, Object> c) {
    Layer l = Configs.wrapped(c, "Bidirectional");
    if (!(l instanceof Recurrent<?> r)) {
      throw new IllegalArgumentException("Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN). Received: "
          + l.className());
    }
    Bidirectional b = new Bidirectional(r);
    b.mergeMode = c.containsKey("merge_mode") ? (String) c.get("merge_mode") : MERGE_MODE_DEFAULT;
    return Configs.common(b, c);
  }
}
