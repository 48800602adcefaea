package io.tfweave.layers.core;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.internal.Checks;
import io.tfweave.internal.Ops2;
import io.tfweave.layers.Option;
import io.tfweave.layers.WeightedLayer;
import io.tfweave.shape.Shapes;
import java.util.List;
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
public final class Dense extends WeightedLayer<Dense> {
  private static final Option<Integer> UNITS =
      Option.integer("units").required().checked(u -> Checks.positive("units", u));
  private static final List<Option<?>> OPTIONS = Option.list(UNITS, ACTIVATION, WEIGHT_OPTIONS);
  private Weight kernel;
  private Weight bias;

  /** A dense layer with {@code units} outputs. */
  public Dense(int units) {
    super(OPTIONS);
    set(UNITS, units);
  }

  /** Number of outputs. */
  public int units() {
    return get(UNITS);
  }

  @Override
  public Shape outputShape(Shape in) {
    return lastAxisOutput(in, kernel, "its kernel is", units());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = kernel(w, "kernel", Shape.of(Shapes.last(in), units()));
    bias = bias(w, units());
  }

  /** Computes in the policy's 16-bit type under a mixed policy (its ops are dtype-generic). */
  @Override
  protected boolean supports16BitCompute() {
    return true;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return output(tf, Ops2.denseMatMul(tf, x, kernel.value()), bias);
  }

  /** Rebuilds a Dense layer from its Keras config. */
  public static Dense fromConfig(Map<String, Object> c) {
    return new Dense(UNITS.read(c)).readConfig(c);
  }
}
