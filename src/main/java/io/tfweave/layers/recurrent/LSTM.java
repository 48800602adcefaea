package io.tfweave.layers.recurrent;

import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.initializers.Initializer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Long short-term memory (Hochreiter 1997) with Keras's gate order and weights, so Keras weights load one to one.
 *
 * <p>With {@code z = x_t · kernel + h_{t-1} · recurrent_kernel + bias} split into gates i, f, c, o:
 * {@code i = σ(z_i)}, {@code f = σ(z_f)}, {@code c_t = f ∘ c_{t-1} + i ∘ tanh(z_c)}, {@code o = σ(z_o)},
 * {@code h_t = o ∘ tanh(c_t)} (σ = recurrentActivation, tanh = activation). Weights: {@code kernel} [in, 4·units]
 * (glorot_uniform), {@code recurrent_kernel} [units, 4·units] (orthogonal), {@code bias} [4·units] (zeros, forget block ones
 * with {@code unitForgetBias}).
 *
 * <p>Implementation: with the default activations and no recurrent dropout in training, the whole sequence runs as
 * TensorFlow's fused {@code BlockLSTMV2} op (gates in the same i, f, c, o layout; {@code kernel} and {@code recurrent_kernel}
 * are concatenated in the graph) with {@code BlockLSTMGradV2} registered as its gradient; masked sequences are compacted
 * first (see {@code BlockLstm}), which is exact for any mask. Otherwise, or with {@code unroll(true)}, the graph is unrolled
 * over the time steps.
 *
 * <p>Input shape: {@code (batch, time, features)}. Output shape: {@code (batch, units)} or, with {@code returnSequences},
 * {@code (batch, time, units)}; {@code returnState} adds the final {@code h} and {@code c}, each {@code (batch, units)}.
 */
public final class LSTM extends Recurrent<LSTM> {
  private static final Option<Boolean> UNIT_FORGET_BIAS = Option.bool("unit_forget_bias", true);

  /** An LSTM with {@code units} outputs. */
  public LSTM(int units) {
    super(units, 4, 2, RECURRENT_ACTIVATION, UNIT_FORGET_BIAS);
  }

  /** Activation of the i, f and o gates (default sigmoid). */
  public LSTM recurrentActivation(Activation a) {
    return set(RECURRENT_ACTIVATION, a);
  }

  /** Initialise the forget gate's bias to one (default true, as Keras). */
  public LSTM unitForgetBias(boolean b) {
    return set(UNIT_FORGET_BIAS, b);
  }

  @Override
  Initializer effectiveBiasInitializer() {
    Initializer base = biasInitializer();
    if (!get(UNIT_FORGET_BIAS)) return base;
    int units = units();
    return new Initializer() {
      public float[] generate(Shape shape, SplittableRandom rng) {
        float[] out = new float[4 * units];
        System.arraycopy(base.generate(Shape.of(units), rng), 0, out, 0, units);
        java.util.Arrays.fill(out, units, 2 * units, 1f);
        System.arraycopy(base.generate(Shape.of(2L * units), rng), 0, out, 2 * units, 2 * units);
        return out;
      }

      public String kerasName() {
        return base.kerasName();
      }
    };
  }

  @Override
  Cell cell(Ops tf) {
    Operand<TFloat32> r = recurrentKernel.value();
    Activation activation = activation();
    Activation recurrentActivation = get(RECURRENT_ACTIVATION);
    return (t, xz, states, recurrentMask) -> {
      Operand<TFloat32> h = states.get(0);
      Operand<TFloat32> c = states.get(1);
      Operand<TFloat32> hIn = recurrentMask == null ? h : t.math.mul(h, recurrentMask);
      Operand<TFloat32> z = t.math.add(xz, t.linalg.matMul(hIn, r));
      List<Output<TFloat32>> g = t.split(t.constant(1), z, 4L).output();
      Operand<TFloat32> i = recurrentActivation.apply(t, g.get(0));
      Operand<TFloat32> f = recurrentActivation.apply(t, g.get(1));
      Operand<TFloat32> cc = activation.apply(t, g.get(2));
      Operand<TFloat32> o = recurrentActivation.apply(t, g.get(3));
      Operand<TFloat32> c2 = t.math.add(t.math.mul(f, c), t.math.mul(i, cc));
      Operand<TFloat32> h2 = t.math.mul(o, activation.apply(t, c2));
      return List.of(h2, c2);
    };
  }

  @Override
  Sequence fused(Ops tf, Operand<TFloat32> x, Operand<TBool> mask, CallMode mode) {
    boolean standard = "tanh".equals(activation().name())
        && "sigmoid".equals(get(RECURRENT_ACTIVATION).name());
    boolean recurrentNoise = mode.training() && recurrentDropout() > 0;
    if (!standard || recurrentNoise || !BlockLstm.available()) return null;
    Operand<TFloat32> in = x;
    Operand<TFloat32> inputMask = dropoutMask(
        tf,
        tf.concat(
            List.of(
                tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[] {1, (int) x.shape().get(2)})),
            tf.constant(0)),
        dropout(),
        false,
        mode);
    if (inputMask != null) in = tf.math.mul(in, inputMask);
    return BlockLstm.run(
        tf,
        in,
        mask,
        kernel.value(),
        recurrentKernel.value(),
        inputBias(tf),
        units(),
        goBackwards(),
        returnSequences(),
        zeroOutputForMask);
  }

  @Override
  LSTM copy() {
    return new LSTM(units()).withOptionsOf(this);
  }

  /** Rebuilds from a Keras config. */
  public static LSTM fromConfig(Map<String, Object> c) {
    return new LSTM(UNITS.read(c)).readConfig(c);
  }
}
