package io.tfweave.layers.quadratic;

import io.tfweave.layers.Padding;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * The second-order (quadratic) neuron of Fan, Cong and Wang as graph ops, for dense and 2-D convolutional layers, in float32
 * or float64.
 *
 * <p>Dense: {@code h = (x·w_r + b_r) ∘ (x·w_g + b_g) + (x∘x)·w_b + c}. Convolution:
 * {@code h = (conv(x, W_r) + b_r) ∘ (conv(x, W_g) + b_g) + conv(x∘x, W_b) + c}.
 *
 * <p>With {@code fused = true} the neuron is one graph op (a graph function called by its own op type, e.g.
 * {@code tfweave_quadratic_dense_f32}) whose gradient is the closed form of the paper:
 * {@code ∂h/∂w_r = g·x}, {@code ∂h/∂b_r = g}, {@code ∂h/∂w_g = r·x}, {@code ∂h/∂b_g = r}, {@code ∂h/∂w_b = x∘x},
 * {@code ∂h/∂c = 1}, {@code ∂h/∂x = g·w_r + r·w_g + 2·w_b∘x}, where {@code r} and {@code g} are the two linear parts (for the
 * convolution the products with the upstream gradient become {@code Conv2DBackpropFilter} / {@code Conv2DBackpropInput}).
 * The function computes {@code r} and {@code g} once and keeps them for the backward pass, as autodiff would.
 * With {@code fused = false} the same formula is built from primitive ops and TensorFlow's autodiff differentiates it; the
 * two agree to rounding (see the tests).
 *
 * <p>The fused op works in graph mode only. Its gradient is registered process-wide the first time a variant (dtype, strides,
 * padding) is used, which must happen before gradients are added to a graph holding it; the layers do this when they add
 * their ops, so nothing needs to be done by hand.
 */
public final class QuadraticOps {
  private QuadraticOps() {}

  /**
   * The dense quadratic neuron for {@code x} [batch, in]: kernels {@code w_r, w_g, w_b} [in, units], biases
   * {@code b_r, b_g, c} [units]; returns the pre-activation [batch, units].
   */
  public static <T extends TNumber> Operand<T> dense(
      Ops tf,
      Operand<T> x,
      Operand<T> wr,
      Operand<T> br,
      Operand<T> wg,
      Operand<T> bg,
      Operand<T> wb,
      Operand<T> c,
      boolean fused) {
    if (fused) {
      return QuadraticFunctions.call(
          tf, QuadraticFunctions.dense(x.type()), List.of(x, wr, br, wg, bg, wb, c));
    }
    Operand<T> r = tf.nn.biasAdd(tf.linalg.matMul(x, wr), br);
    Operand<T> g = tf.nn.biasAdd(tf.linalg.matMul(x, wg), bg);
    Operand<T> q = tf.linalg.matMul(tf.math.square(x), wb);
    return tf.nn.biasAdd(tf.math.add(tf.math.mul(r, g), q), c);
  }

  /**
   * The convolutional quadratic neuron for {@code x} [batch, height, width, in] (channels last): kernels
   * {@code W_r, W_g, W_b} [kh, kw, in, filters], biases {@code b_r, b_g, c} [filters].
   *
   * @param strides (height, width) strides
   * @param padding {@link Padding#VALID} or {@link Padding#SAME}
   * @param dilations (height, width) dilation rates; above 1 needs unit strides and a static height and width (computed
   *     as space-to-batch, the undilated convolution, batch-to-space, as TensorFlow's Python API does)
   */
  public static <T extends TNumber> Operand<T> conv2d(
      Ops tf,
      Operand<T> x,
      Operand<T> wr,
      Operand<T> br,
      Operand<T> wg,
      Operand<T> bg,
      Operand<T> wb,
      Operand<T> c,
      int[] strides,
      Padding padding,
      int[] dilations,
      boolean fused) {
    if (dilations[0] == 1 && dilations[1] == 1)
      return conv2dCore(tf, x, wr, br, wg, bg, wb, c, strides, padding, fused);
    if (strides[0] != 1 || strides[1] != 1) {
      throw new IllegalArgumentException(
          "strides > 1 not supported in conjunction with dilation rates > 1. Received: strides="
              + strides[0] + "x" + strides[1] + ", dilations=" + dilations[0] + "x" + dilations[1]);
    }
    Shape in = x.shape();
    Shape k = wr.shape();
    if (in.numDimensions() != 4 || in.get(1) < 0 || in.get(2) < 0 || k.hasUnknownDimension()) {
      throw new IllegalArgumentException(
          "A dilated quadratic convolution needs a static input height and width and kernel "
              + "shape. Received: input " + in + ", kernel " + k);
    }
    int[] kernel = {(int) k.get(0), (int) k.get(1)};
    Shape out = Shape.of(
        -1,
        ConvArgs.outputLength(in.get(1), kernel[0], padding, 1, dilations[0]),
        ConvArgs.outputLength(in.get(2), kernel[1], padding, 1, dilations[1]),
        k.get(3));
    return ConvArgs.atrous(
        tf,
        x,
        kernel,
        dilations,
        padding,
        out,
        b -> conv2dCore(tf, b, wr, br, wg, bg, wb, c, new int[] {1, 1}, Padding.VALID, fused));
  }

  private static <T extends TNumber> Operand<T> conv2dCore(
      Ops tf,
      Operand<T> x,
      Operand<T> wr,
      Operand<T> br,
      Operand<T> wg,
      Operand<T> bg,
      Operand<T> wb,
      Operand<T> c,
      int[] strides,
      Padding padding,
      boolean fused) {
    if (fused) {
      return QuadraticFunctions.call(
          tf,
          QuadraticFunctions.conv2d(x.type(), strides, padding),
          List.of(x, wr, br, wg, bg, wb, c));
    }
    String pad = padding.name();
    List<Long> s = nhwc(strides);
    Operand<T> r = tf.nn.biasAdd(tf.nn.conv2d(x, wr, s, pad), br);
    Operand<T> g = tf.nn.biasAdd(tf.nn.conv2d(x, wg, s, pad), bg);
    Operand<T> q = tf.nn.conv2d(tf.math.square(x), wb, s, pad);
    return tf.nn.biasAdd(tf.math.add(tf.math.mul(r, g), q), c);
  }

  /** {@code [1, sh, sw, 1]}. */
  static List<Long> nhwc(int[] strides) {
    return List.of(1L, (long) strides[0], (long) strides[1], 1L);
  }
}
