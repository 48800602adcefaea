package io.tfweave.layers.recurrent;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.graph.WeightFactory;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;

/**
 * Applies a layer to every time step: {@code (batch, time, ...)} is folded into {@code (batch·time, ...)}, the layer runs
 * once, and the result is unfolded. The wrapped layer's weights are named {@code <this>/<layer>/kernel}; a mask on the input
 * is passed on.
 *
 * <p>Input shape: {@code (batch, time, d1, ...)}. Output shape: {@code (batch, time, e1, ...)}, where {@code (e1, ...)} is the
 * wrapped layer's output for one step.
 */
public final class TimeDistributed extends BaseLayer<TimeDistributed> {
  private static final Option<Layer> LAYER = Option.of(
          "layer", (Layer) null, Configs::wrapped, Configs::unwrapped)
      .required()
      .checked(l -> {
        if (l.isBuilt() || !l.weights().isEmpty()) {
          throw new IllegalArgumentException("TimeDistributed needs a fresh layer; '" + l.name()
              + "' (" + l.className() + ") is already built or is a model. Wrap a new instance.");
        }
        return l;
      });
  private static final List<Option<?>> OPTIONS = Option.list(LAYER);

  /** Wraps a fresh (unbuilt) single-output layer. */
  public TimeDistributed(Layer layer) {
    super(OPTIONS);
    if (layer == null)
      throw new IllegalArgumentException("layer must not be null. Received: layer=null");
    set(LAYER, layer);
  }

  /** The wrapped layer. */
  public Layer layer() {
    return get(LAYER);
  }

  private static Shape stepShape(Shape in) {
    long[] d = in.asArray();
    long[] s = Arrays.copyOfRange(d, 1, d.length);
    s[0] = -1;
    return Shape.of(s);
  }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() < 3)
      throw shapeError("an input of rank >= 3 (batch, time, ...)", in, null);
    List<Shape> inner = layer().outputShapes(List.of(stepShape(in)));
    if (inner.size() != 1) {
      throw new IllegalArgumentException("TimeDistributed wraps single-output layers; '"
          + layer().name() + "' has " + inner.size() + " outputs");
    }
    long[] o = inner.get(0).asArray();
    long[] out = new long[o.length + 1];
    out[0] = -1;
    out[1] = in.get(1);
    System.arraycopy(o, 1, out, 2, o.length - 1);
    return Shape.of(out);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    layer().nameIfUnnamed(layer().defaultBaseName());
    layer().buildWrapped(List.of(stepShape(in)), w.child(layer().name()));
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return layer().wrappedOutputDTypes(in, outputs);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<?> in = x.get(0);
    Shape s = in.shape();
    long[] flat = stepShape(s).asArray();
    Operand<?> folded = tf.reshape(in, tf.constant(flat));
    Operand<?> y = layer().invoke(tf, List.of(folded), mode).get(0);
    long[] o = y.shape().asArray();
    Operand<?> out;
    if (s.get(1) >= 0) {
      long[] fixed = new long[o.length + 1];
      fixed[0] = -1;
      fixed[1] = s.get(1);
      System.arraycopy(o, 1, fixed, 2, o.length - 1);
      out = tf.reshape(y, tf.constant(fixed));
    } else {
      Operand<TInt32> lead =
          tf.slice(tf.shape(in), tf.constant(new int[] {0}), tf.constant(new int[] {2}));
      int[] rest = new int[o.length - 1];
      for (int i = 1; i < o.length; i++) rest[i - 1] = (int) o[i];
      out = tf.reshape(y, tf.concat(List.of(lead, tf.constant(rest)), tf.constant(0)));
    }
    Operand<TBool> mask = CallContext.current().maskOf(in);
    if (mask != null) CallContext.current().recordMask(out, mask);
    return List.of(out);
  }

  /** Rebuilds from a Keras config. */
  public static TimeDistributed fromConfig(Map<String, Object> c) {
    return new TimeDistributed(LAYER.read(c)).readConfig(c);
  }
}
