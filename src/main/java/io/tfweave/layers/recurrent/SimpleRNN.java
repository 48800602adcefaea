package io.tfweave.layers.recurrent;

import io.tfweave.activations.Activation;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A fully connected recurrent layer: {@code h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)}.
 *
 * <p>Weights: {@code kernel} [in, units] (glorot_uniform), {@code recurrent_kernel} [units, units] (orthogonal),
 * {@code bias} [units] (zeros). The graph is unrolled over the time steps.
 *
 * <p>Input shape: {@code (batch, time, features)}. Output shape: {@code (batch, units)} or, with {@code returnSequences},
 * {@code (batch, time, units)}; {@code returnState} adds the final {@code h}.
 */
public final class SimpleRNN extends Recurrent<SimpleRNN> {
  /** A simple RNN with {@code units} outputs. */
  public SimpleRNN(int units) {
    super(units, 1, 1);
  }

  @Override
  Cell cell(Ops tf) {
    Operand<TFloat32> r = recurrentKernel.value();
    Activation activation = activation();
    return (t, xz, states, recurrentMask) -> {
      Operand<TFloat32> h = states.get(0);
      if (recurrentMask != null) h = t.math.mul(h, recurrentMask);
      return List.of(activation.apply(t, t.math.add(xz, t.linalg.matMul(h, r))));
    };
  }

  @Override
  SimpleRNN copy() {
    return new SimpleRNN(units()).withOptionsOf(this);
  }

  /** Rebuilds from a Keras config. */
  public static SimpleRNN fromConfig(Map<String, Object> c) {
    return new SimpleRNN(UNITS.read(c)).readConfig(c);
  }
}
