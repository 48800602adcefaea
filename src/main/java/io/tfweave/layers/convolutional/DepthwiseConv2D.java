package io.tfweave.layers.convolutional;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A depthwise 2-D convolution (Keras's {@code DepthwiseConv2D}): each input channel is convolved with its own
 * {@code depthMultiplier} filters, without mixing channels; output channel {@code c * depthMultiplier + m} comes from input
 * channel {@code c}.
 *
 * <p>Weights: {@code depthwise_kernel} [kh, kw, in, depthMultiplier] (glorot_uniform), {@code bias} [in · depthMultiplier]
 * (zeros). Input shape: {@code (batch, height, width, in)}. Output shape: {@code (batch, newHeight, newWidth, in ·
 * depthMultiplier)}, spatial sizes as in {@link Conv2D}.
 */
public final class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {
  private static final List<Option<?>> OPTIONS = Option.list(
      KERNEL_SIZE,
      STRIDES,
      PADDING,
      DEPTH_MULTIPLIER,
      ConvArgs.DATA_FORMAT,
      DILATION_RATE,
      ACTIVATION,
      USE_BIAS,
      DEPTHWISE_INITIALIZER,
      BIAS_INITIALIZER,
      DEPTHWISE_REGULARIZER,
      BIAS_REGULARIZER,
      ACTIVITY_REGULARIZER,
      DEPTHWISE_CONSTRAINT,
      BIAS_CONSTRAINT);
  private Weight kernel;
  private Weight bias;

  /** A depthwise convolution with a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public DepthwiseConv2D(int... kernelSize) {
    super(OPTIONS, kernelSize);
  }

  @Override
  public Shape outputShape(Shape in) {
    long[] hw = outputSize(in, kernel, "its depthwise_kernel is");
    return Shape.of(in.get(0), hw[0], hw[1], in.get(3) * depthMultiplier());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    int m = depthMultiplier();
    kernel =
        kernel(w, "depthwise_kernel", Shape.of(kernelSize()[0], kernelSize()[1], in.get(3), m));
    bias = bias(w, in.get(3) * m);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = kernel.value();
    return output(
        tf,
        convolve(
            tf,
            x,
            () -> outputShape(x.shape()),
            (b, s, p) -> tf.nn.depthwiseConv2dNative(b, k, s, p)),
        bias);
  }

  /** Rebuilds a DepthwiseConv2D layer from its Keras config. */
  public static DepthwiseConv2D fromConfig(Map<String, Object> c) {
    return new DepthwiseConv2D(KERNEL_SIZE.read(c)).readConfig(c);
  }
}
