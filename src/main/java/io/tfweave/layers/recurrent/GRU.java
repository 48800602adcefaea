package io.tfweave.layers.recurrent;

import io.tfweave.activations.Activation;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Gated recurrent unit (Cho et al. 2014) with Keras's gate order z, r, h and weight layout, so Keras weights load one to one.
 *
 * <p>With {@code resetAfter} (the default, Keras's and cuDNN's variant): {@code x_z, x_r, x_h = x_t · kernel + bias[0]},
 * {@code r_z, r_r, r_h = h_{t-1} · recurrent_kernel + bias[1]}, {@code z = σ(x_z + r_z)}, {@code r = σ(x_r + r_r)},
 * {@code hh = tanh(x_h + r ∘ r_h)}, {@code h_t = z ∘ h_{t-1} + (1 − z) ∘ hh}. Without it the reset gate applies before the
 * matmul: {@code hh = tanh(x_h + (r ∘ h_{t-1}) · recurrent_kernel_h)} and the bias is one row. Weights: {@code kernel}
 * [in, 3·units], {@code recurrent_kernel} [units, 3·units], {@code bias} [2, 3·units] ({@code resetAfter}) or [3·units].
 * Recurrent dropout multiplies {@code h_{t-1}} wherever the step uses it (Keras 3's cell).
 *
 * <p>TensorFlow has no fused GRU sequence op usable here, so the graph is unrolled over the time steps.
 *
 * <p>Input shape: {@code (batch, time, features)}. Output shape: {@code (batch, units)} or, with {@code returnSequences},
 * {@code (batch, time, units)}; {@code returnState} adds the final {@code h}.
 */
public final class GRU extends Recurrent<GRU> {
  private static final Option<Boolean> RESET_AFTER = Option.bool("reset_after", true);

  /** A GRU with {@code units} outputs. */
  public GRU(int units) {
    super(units, 3, 1, RECURRENT_ACTIVATION, RESET_AFTER);
  }

  /** Activation of the z and r gates (default sigmoid). */
  public GRU recurrentActivation(Activation a) {
    return set(RECURRENT_ACTIVATION, a);
  }

  /** Apply the reset gate after the recurrent matmul (default true; the bias is then [2, 3·units]). */
  public GRU resetAfter(boolean b) {
    return set(RESET_AFTER, b);
  }

  @Override
  Shape biasShape() {
    return get(RESET_AFTER) ? Shape.of(2, 3L * units()) : Shape.of(3L * units());
  }

  @Override
  Operand<TFloat32> inputBias(Ops tf) {
    if (bias == null) return null;
    return get(RESET_AFTER) ? row(tf, bias.value(), 0) : bias.value();
  }

  private Operand<TFloat32> row(Ops tf, Operand<TFloat32> b, int i) {
    return tf.reshape(
        tf.slice(b, tf.constant(new int[] {i, 0}), tf.constant(new int[] {1, 3 * units()})),
        tf.constant(new int[] {3 * units()}));
  }

  @Override
  Cell cell(Ops tf) {
    Operand<TFloat32> r = recurrentKernel.value();
    int units = units();
    Activation activation = activation();
    Activation recurrentActivation = get(RECURRENT_ACTIVATION);
    if (get(RESET_AFTER)) {
      Operand<TFloat32> recurrentBias = bias != null ? row(tf, bias.value(), 1) : null;
      return (t, xz, states, recurrentMask) -> {
        Operand<TFloat32> h = states.get(0);
        if (recurrentMask != null) h = t.math.mul(h, recurrentMask);
        Operand<TFloat32> inner = t.linalg.matMul(h, r);
        if (recurrentBias != null) inner = t.nn.biasAdd(inner, recurrentBias);
        List<Output<TFloat32>> x3 = t.split(t.constant(1), xz, 3L).output();
        List<Output<TFloat32>> r3 = t.split(t.constant(1), inner, 3L).output();
        Operand<TFloat32> z = recurrentActivation.apply(t, t.math.add(x3.get(0), r3.get(0)));
        Operand<TFloat32> reset = recurrentActivation.apply(t, t.math.add(x3.get(1), r3.get(1)));
        Operand<TFloat32> hh =
            activation.apply(t, t.math.add(x3.get(2), t.math.mul(reset, r3.get(2))));
        return List.of(mix(t, z, h, hh));
      };
    }
    Operand<TFloat32> rZr =
        tf.slice(r, tf.constant(new int[] {0, 0}), tf.constant(new int[] {units, 2 * units}));
    Operand<TFloat32> rH =
        tf.slice(r, tf.constant(new int[] {0, 2 * units}), tf.constant(new int[] {units, units}));
    return (t, xz, states, recurrentMask) -> {
      Operand<TFloat32> h = states.get(0);
      if (recurrentMask != null) h = t.math.mul(h, recurrentMask);
      List<Output<TFloat32>> x3 = t.split(t.constant(1), xz, 3L).output();
      List<Output<TFloat32>> r2 =
          t.split(t.constant(1), t.linalg.matMul(h, rZr), 2L).output();
      Operand<TFloat32> z = recurrentActivation.apply(t, t.math.add(x3.get(0), r2.get(0)));
      Operand<TFloat32> reset = recurrentActivation.apply(t, t.math.add(x3.get(1), r2.get(1)));
      Operand<TFloat32> hh =
          activation.apply(t, t.math.add(x3.get(2), t.linalg.matMul(t.math.mul(reset, h), rH)));
      return List.of(mix(t, z, h, hh));
    };
  }

  /** {@code z ∘ h + (1 − z) ∘ hh}, written {@code hh + z ∘ (h − hh)}. */
  private static Operand<TFloat32> mix(
      Ops t, Operand<TFloat32> z, Operand<TFloat32> h, Operand<TFloat32> hh) {
    return t.math.add(hh, t.math.mul(z, t.math.sub(h, hh)));
  }

  @Override
  GRU copy() {
    return new GRU(units()).withOptionsOf(this);
  }

  /** Rebuilds from a Keras config. */
  public static GRU fromConfig(Map<String, Object> c) {
    return new GRU(UNITS.read(c)).readConfig(c);
  }
}
