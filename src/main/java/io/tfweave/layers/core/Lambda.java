package io.tfweave.layers.core;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.shape.Shapes;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Wraps a Java function of the input as a layer, as Keras's {@code keras.layers.Lambda(function, output_shape)}: for
 * stateless ops that need no class of their own, e.g. {@code new Lambda((tf, x) -> tf.math.mul(x, tf.constant(2f)))}. It
 * has no weights; gradients flow through the function's ops to the layers before it. Integer inputs are cast to float32.
 *
 * <p>Input shape: any. Output shape: {@link #shapeFunction}'s result when given (Keras's {@code output_shape}), else
 * inferred by adding the function's ops to a scratch graph on a placeholder of the input shape and reading TensorFlow's
 * static shape (Keras likewise calls the function on a symbolic tensor). The function is called once for that and once per
 * sub-graph the model builds (training, inference, export), so it must only add ops, with no other side effects.
 *
 * <p>Saving: a Java function is code, not data, so a config records only the function's class name; weights save and a
 * SavedModel exports as usual, but rebuilding a Lambda from a config ({@code Model.load}) fails with a message naming the
 * fix, {@code SavedModels.load(dir, Map.of("Lambda", Lambda.factory(function)))}; Keras too refuses to load a lambda
 * unless {@code safe_mode=False}. For a model with several different Lambdas, choose the function by
 * {@code config.get("name")} in your own factory, or make each one a named {@link Layer} subclass.
 */
public final class Lambda extends Layer {
  /** The function a Lambda applies: adds ops on {@code x} with {@code tf} and returns the output. */
  @FunctionalInterface
  public interface Function {
    /** The output for input {@code x} (batch first). */
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);
  }

  private final Function function;
  private UnaryOperator<Shape> shapeFunction;

  /** A layer that applies {@code function}. */
  public Lambda(Function function) {
    if (function == null)
      throw new IllegalArgumentException("function must not be null. Received: function=null");
    this.function = function;
  }

  /**
   * Computes the output shape from the input shape, batch dimension included (-1 when unknown), instead of inferring it:
   * Keras's {@code output_shape} given as a function. ({@link #outputShape(Shape)} is the computed shape itself.)
   */
  public Lambda shapeFunction(UnaryOperator<Shape> f) {
    return configure(() -> this.shapeFunction = f);
  }

  /** The wrapped function. */
  public Function function() {
    return function;
  }

  @Override
  public Shape outputShape(Shape in) {
    if (shapeFunction != null) {
      Shape out = shapeFunction.apply(in);
      if (out == null)
        throw shapeError("shapeFunction to return a shape", in, "shapeFunction returned null.");
      return out;
    }
    Shape out;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      try (CallContext scratch = CallContext.open(
          tf,
          CallMode.INFERENCE,
          w -> {
            throw new IllegalStateException("a Lambda has no weights to read");
          },
          0)) {
        out = apply(scratch.tf(), tf.placeholder(TFloat32.class, Placeholder.shape(in)))
            .shape();
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Layer '" + shownName() + "' (Lambda): its function failed on an input of shape "
              + Shapes.text(in) + ": " + e.getMessage()
              + ". Fix: make the function accept that shape, or check the layer "
              + "before it.",
          e);
    }
    if (out.isUnknown()) {
      throw shapeError(
          "a function whose output rank TensorFlow can infer",
          in,
          "give the output shape with " + "shapeFunction(in -> Shape.of(...)).");
    }
    return out;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> y = apply(tf, x);
    if (shapeFunction != null && !compatible(y.shape(), shapeFunction.apply(x.shape()))) {
      throw new IllegalStateException(
          "Layer '" + name() + "' (Lambda): its function returned shape " + Shapes.text(y.shape())
              + " but its shapeFunction says " + Shapes.text(shapeFunction.apply(x.shape()))
              + " for input shape "
              + Shapes.text(x.shape())
              + ". Fix: make shapeFunction match the function, or drop it to infer the shape.");
    }
    return y;
  }

  private Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> y = function.apply(tf, x);
    if (y == null)
      throw new IllegalStateException(
          "Layer '" + shownName() + "' (Lambda): its function returned null");
    return y;
  }

  private static boolean compatible(Shape a, Shape b) {
    if (a.isUnknown() || b.isUnknown()) return true;
    if (a.numDimensions() != b.numDimensions()) return false;
    for (int i = 0; i < a.numDimensions(); i++)
      if (a.get(i) >= 0 && b.get(i) >= 0 && a.get(i) != b.get(i)) return false;
    return true;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("function", function.getClass().getName());
    return c;
  }

  /**
   * Refuses to rebuild a Lambda from a config, naming the fix: a Java function cannot be read back from JSON. Pass
   * {@link #factory} in {@code customObjects} instead.
   */
  public static Lambda fromConfig(Map<String, Object> c) {
    throw new IllegalArgumentException(
        "Layer '" + c.get("name") + "' (Lambda) cannot be rebuilt from its config: its Java "
            + "function is code, not data, and is not saved (Keras also refuses to load a Lambda unless safe_mode=False). Fix: "
            + "pass the function when loading, SavedModels.load(dir, Map.of(\"Lambda\", Lambda.factory(function))), or make it "
            + "a named Layer subclass registered with a LayerProvider.");
  }

  /** A {@code customObjects} factory that rebuilds every Lambda of a config with {@code function}, keeping name and trainability. */
  public static java.util.function.Function<Map<String, Object>, Layer> factory(Function function) {
    return c -> Configs.common(new Lambda(function), c);
  }

  /** Names the layer (unique within a model); returns this layer as its own type. */
  @Override
  public Lambda named(String newName) {
    super.named(newName);
    return this;
  }
}
