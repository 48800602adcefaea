package io.tfweave.layers.core;

import io.tfweave.internal.Checks;
import io.tfweave.internal.Ops2;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.WeightOptions;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A densely connected layer: {@code activation(x · kernel + bias)} over the last axis.
 *
 * <p>Weights: {@code kernel} [in, units] (glorot_uniform), {@code bias} [units] (zeros).
 * Input shape: {@code (batch, ..., in)}. Output shape: {@code (batch, ..., units)}.
 */
public final class Dense extends Layer {
  private final int units;
  private Activation activation = Activation.LINEAR;
  private final WeightOptions o = new WeightOptions();
  private Weight kernel;
  private Weight bias;

  /** A dense layer with {@code units} outputs. */
  public Dense(int units) { this.units = Checks.positive("units", units); }

  /** The activation (default linear). */
  public Dense activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to add a bias (default true). */
  public Dense useBias(boolean b) { return configure(() -> o.useBias = b); }

  /** Kernel initializer (default glorot_uniform). */
  public Dense kernelInitializer(Initializer i) { return configure(() -> o.kernelInitializer = i); }

  /** Bias initializer (default zeros). */
  public Dense biasInitializer(Initializer i) { return configure(() -> o.biasInitializer = i); }

  /** Penalty on the kernel. */
  public Dense kernelRegularizer(Regularizer r) { return configure(() -> o.kernelRegularizer = r); }

  /** Penalty on the bias. */
  public Dense biasRegularizer(Regularizer r) { return configure(() -> o.biasRegularizer = r); }

  /** Penalty on the output. */
  public Dense activityRegularizer(Regularizer r) { return configure(() -> o.activityRegularizer = r); }

  /** Number of outputs. */
  public int units() { return units; }

  /** The activation. */
  public Activation activation() { return activation; }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() < 2) throw shapeError("input of rank >= 2", in, null);
    long last = Shapes.last(in);
    if (last < 0) throw shapeError("a known last dimension", in, null);
    if (kernel != null && last != kernel.shape().get(0)) {
      throw shapeError("input with last dimension " + kernel.shape().get(0) + " (its kernel is "
          + Shapes.text(kernel.shape()) + ")", in, "add Flatten or GlobalAveragePooling2D before '" + shownName() + "'.");
    }
    return Shapes.withLast(in, units);
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = o.kernel(w, "kernel", Shape.of(Shapes.last(in), units));
    bias = o.bias(w, units);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> y = Ops2.denseMatMul(tf, x, kernel.value());
    return o.output(tf, y, bias, activation);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("units", units);
    c.put("activation", activation.name());
    o.config(c);
    return c;
  }

  /** Rebuilds a Dense layer from its Keras config. */
  public static Dense fromConfig(Map<String, Object> c) {
    Dense d = new Dense(Configs.integer(c, "units"));
    d.activation = Configs.activation(c, "activation");
    d.o.fromConfig(c);
    return Configs.common(d, c);
  }
}
