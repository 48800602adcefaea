package io.tfweave.layers.activations;

import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Applies an activation function (Keras's {@code Activation} layer; named so here to keep the function type's name free).
 *
 * <p>Input shape: any. Output shape: same as input.
 */
public final class ActivationLayer extends Layer {
  private final Activation activation;

  /** A layer applying {@code activation}. */
  public ActivationLayer(Activation activation) {
    if (activation == null) throw new IllegalArgumentException("activation must not be null");
    this.activation = activation;
  }

  @Override
  public String className() { return "Activation"; }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) { return activate(tf, activation, x); }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("activation", activation.name());
    return c;
  }

  /** Rebuilds from a config. */
  public static ActivationLayer fromConfig(Map<String, Object> c) {
    return Configs.common(new ActivationLayer(Configs.activation(c, "activation")), c);
  }
}
