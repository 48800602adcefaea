package io.tfweave.layers.activations;

import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Applies an activation function (Keras's {@code Activation} layer; named so here to keep the function type's name free).
 *
 * <p>Input shape: any. Output shape: same as input, except for {@code glu}, which halves the last axis.
 */
public final class ActivationLayer extends BaseLayer<ActivationLayer> {
  private static final Option<Activation> ACTIVATION =
      Option.anyActivation("activation", Activation.LINEAR);
  private static final List<Option<?>> OPTIONS = Option.list(ACTIVATION);

  /** A layer applying {@code activation}. */
  public ActivationLayer(Activation activation) {
    super(OPTIONS);
    set(ACTIVATION, activation);
  }

  /** The activation. */
  public Activation activation() {
    return get(ACTIVATION);
  }

  @Override
  public String className() {
    return "Activation";
  }

  @Override
  public Shape outputShape(Shape in) {
    try {
      return activation().outputShape(in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Layer '" + shownName() + "': " + e.getMessage(), e);
    }
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return activate(tf, activation(), x);
  }

  /** Rebuilds from a config. */
  public static ActivationLayer fromConfig(Map<String, Object> c) {
    return new ActivationLayer(ACTIVATION.read(c)).readConfig(c);
  }
}
