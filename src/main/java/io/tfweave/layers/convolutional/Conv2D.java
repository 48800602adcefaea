package io.tfweave.layers.convolutional;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A 2-D convolution over images (Keras's {@code Conv2D}): {@code activation(conv(x, kernel) + bias)}, channels last.
 *
 * <p>Weights: {@code kernel} [kh, kw, in, filters] (glorot_uniform), {@code bias} [filters] (zeros).
 * Input shape: {@code (batch, height, width, in)}. Output shape: {@code (batch, newHeight, newWidth, filters)}, where with
 * {@code Padding.SAME} {@code newHeight = ceil(height / stride)} and with {@code VALID}
 * {@code newHeight = ceil((height - dilatedKernel + 1) / stride)}.
 */
public final class Conv2D extends BaseConv<Conv2D> {
  private static final List<Option<?>> OPTIONS =
      Option.list(FILTERS, CONV_OPTIONS, ACTIVATION, WEIGHT_OPTIONS);
  private Weight kernel;
  private Weight bias;

  /** A convolution with {@code filters} outputs and a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public Conv2D(int filters, int... kernelSize) {
    super(OPTIONS, kernelSize);
    set(FILTERS, filters);
  }

  /** Number of output channels. */
  public int filters() {
    return get(FILTERS);
  }

  @Override
  public Shape outputShape(Shape in) {
    long[] hw = outputSize(in, kernel, "its kernel is");
    return Shape.of(in.get(0), hw[0], hw[1], filters());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    kernel = kernel(w, "kernel", Shape.of(kernelSize()[0], kernelSize()[1], in.get(3), filters()));
    bias = bias(w, filters());
  }

  /** Computes in the policy's 16-bit type under a mixed policy (its ops are dtype-generic). */
  @Override
  protected boolean supports16BitCompute() {
    return true;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> k = kernel.value();
    return output(
        tf,
        convolve(tf, x, () -> outputShape(x.shape()), (b, s, p) -> tf.nn.conv2d(b, k, s, p)),
        bias);
  }

  /** Rebuilds a Conv2D layer from its Keras config. */
  public static Conv2D fromConfig(Map<String, Object> c) {
    return new Conv2D(FILTERS.read(c), KERNEL_SIZE.read(c)).readConfig(c);
  }
}
