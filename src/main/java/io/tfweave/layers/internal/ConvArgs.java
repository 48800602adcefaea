package io.tfweave.layers.internal;

import io.tfweave.graph.Weight;
import io.tfweave.internal.Ops2;
import io.tfweave.layers.KerasEnum;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/** Argument parsing and shape arithmetic shared by the 2-D convolution, pooling and image layers (channels last). */
public final class ConvArgs {
  private ConvArgs() {}

  /** Keras's {@code data_format}: always {@code channels_last} (NHWC), the only one these layers support. */
  public static final Option<String> DATA_FORMAT = Option.fixed(
      "data_format", "channels_last", "Only data_format=channels_last (NHWC) is supported.");

  /** Keras's {@code padding} of the 2-D convolutions and the poolings: valid (default) or same. */
  public static final Option<Padding> PADDING = Option.mode("padding", Padding.class, Padding.VALID)
      .checked(p -> KerasEnum.check("padding", p, Padding.VALID, Padding.SAME));

  /**
   * A (height, width) pair option set from one value (square) or two, written as a two-element list and read from a number
   * or a list; without a default, make it {@code required()} or {@code nullable()}.
   */
  public static Option<int[]> pairOption(String key, int... defaultValue) {
    return Option.of(
            key,
            defaultValue.length == 0 ? null : pair(key, defaultValue),
            ConvArgs::list,
            raw -> ints(Configs.longs(Map.of(key, raw), key)))
        .checked(v -> pair(key, v));
  }

  private static int[] ints(long[] v) {
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) r[i] = (int) v[i];
    return r;
  }

  /** Reads one value (square) or two values (height, width), all positive. */
  public static int[] pair(String name, int... values) {
    if (values == null || values.length < 1 || values.length > 2) {
      throw new IllegalArgumentException(
          name + " must be one integer or two integers (height, width). Received: " + name + "="
              + (values == null ? "null" : java.util.Arrays.toString(values)));
    }
    int[] p = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
    for (int v : p) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must contain positive integers. Received: "
            + name + "=" + java.util.Arrays.toString(values));
      }
    }
    return p;
  }

  /** Keras's {@code conv_output_length}; -1 for an unknown input length, 0 when the kernel does not fit. */
  public static long outputLength(long in, int kernel, Padding padding, int stride, int dilation) {
    if (in < 0) return -1;
    long dilated = kernel + (long) (kernel - 1) * (dilation - 1);
    long span = padding == Padding.SAME ? in : in - dilated + 1;
    return span <= 0 ? 0 : (span + stride - 1) / stride;
  }

  /** Keras's {@code deconv_output_length} for transposed convolutions; -1 for an unknown input length. */
  public static long transposedLength(
      long in, int kernel, Padding padding, int stride, int dilation, int outputPadding) {
    if (in < 0) return -1;
    long dilated = kernel + (long) (kernel - 1) * (dilation - 1);
    if (outputPadding < 0) {
      return padding == Padding.SAME ? in * stride : in * stride + Math.max(dilated - stride, 0);
    }
    long pad = padding == Padding.SAME ? dilated / 2 : 0;
    return (in - 1) * stride + dilated - 2 * pad + outputPadding;
  }

  /** {@code [1, h, w, 1]} for the TensorFlow ops' strides, ksize and dilations. */
  public static List<Long> nhwc(int[] p) {
    return List.of(1L, (long) p[0], (long) p[1], 1L);
  }

  /** A JSON-friendly list of the pair. */
  public static List<Integer> list(int[] p) {
    return List.of(p[0], p[1]);
  }

  /** Requires a rank-4 image batch {@code (batch, height, width, channels)}; with {@code knownChannels}, a known last dim. */
  public static void checkImage(Layer layer, Shape in, boolean knownChannels) {
    if (in.numDimensions() != 4) {
      throw layer.shapeError(
          "a 4-D input (batch, height, width, channels)",
          in,
          in.numDimensions() == 3
              ? "add a channel axis, e.g. Input.of(28, 28, 1) for grey images."
              : null);
    }
    if (knownChannels && in.get(3) < 0)
      throw layer.shapeError("a known number of channels (last dimension)", in, null);
  }

  /** Once built, requires the input's channels to match axis {@code axis} of {@code kernel}, described as {@code kernelText}. */
  public static void checkChannels(
      Layer layer, Shape in, Weight kernel, int axis, String kernelText) {
    if (kernel != null && in.get(3) != kernel.shape().get(axis)) {
      throw layer.shapeError(
          "input with " + kernel.shape().get(axis) + " channels (" + kernelText + " "
              + Shapes.text(kernel.shape()) + ")",
          in,
          null);
    }
  }

  /** Fails when a down-sampling layer would produce an empty spatial output. */
  public static void checkPositive(Layer layer, Shape in, long h, long w, String what) {
    if (h == 0 || w == 0) {
      throw layer.shapeError(
          "an input large enough for " + what + " (the output would be " + h + "x" + w + ")",
          in,
          "use padding=\"same\", a smaller kernel or stride, or a larger input.");
    }
  }

  /**
   * {@code x}, checked at run time to have at least {@code minExtent[i]} positions along spatial axis {@code i + 1} where
   * that axis has no static size (static sizes are checked when the shape is inferred). TensorFlow's VALID pooling returns an
   * empty output for an input smaller than its window; this makes it an error that names the layer (through the op's scope),
   * the window, the input's shape and the fix. With other paddings {@code x} is returned as it is.
   */
  public static Operand<TFloat32> checkRunTimeExtent(
      Ops tf, Layer layer, Operand<TFloat32> x, int[] minExtent, Padding padding, String what) {
    if (padding != Padding.VALID) return x;
    Shape s = x.shape();
    boolean dynamic = s.isUnknown();
    for (int i = 0; !dynamic && i < minExtent.length; i++) dynamic = s.get(i + 1) < 0;
    if (!dynamic) return x;
    Operand<TInt32> extent = tf.slice(
        tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {minExtent.length}));
    Operand<TBool> ok =
        tf.reduceAll(tf.math.greaterEqual(extent, tf.constant(minExtent)), tf.constant(0));
    String size = java.util.Arrays.stream(minExtent)
        .mapToObj(String::valueOf)
        .collect(java.util.stream.Collectors.joining("x"));
    return Ops2.checkedAtRunTime(
        tf,
        "input_size_check",
        ok,
        "Layer " + layer.name() + " (" + layer.className() + ") needs an input of at least " + size
            + " along its spatial axes for " + what
            + " with valid padding; received an input of shape",
        x,
        "Feed larger inputs, use padding(Padding.SAME), or a smaller window.");
  }

  /** Keras's rule: a convolution cannot both stride and dilate. */
  public static void checkStridesAndDilation(int[] strides, int[] dilation) {
    if ((strides[0] > 1 || strides[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
      throw new IllegalArgumentException(
          "strides > 1 not supported in conjunction with dilation_rate > 1. Received: strides="
              + list(strides) + " and dilation_rate=" + list(dilation));
    }
  }

  /**
   * A stride-1 dilated convolution computed as TensorFlow's Python API does: space-to-batch with the dilation as block size,
   * the undilated {@code validConv} (VALID padding), then batch-to-space. The ops' own {@code dilations} attribute is not used
   * because the C++ gradients of Conv2D and DepthwiseConv2dNative in TF Java 1.0.0 ignore it (wrong or failing gradients).
   * Needs a static height and width.
   */
  public static <T extends TNumber> Operand<T> atrous(
      Ops tf,
      Operand<T> x,
      int[] kernel,
      int[] dilation,
      Padding padding,
      Shape out,
      UnaryOperator<Operand<T>> validConv) {
    int[][] pads = new int[2][2];
    int[][] crops = new int[2][2];
    for (int a = 0; a < 2; a++) {
      long in = x.shape().get(a + 1);
      int dilated = kernel[a] + (kernel[a] - 1) * (dilation[a] - 1);
      int start = padding == Padding.SAME ? (dilated - 1) / 2 : 0;
      int end = padding == Padding.SAME ? dilated - 1 - start : 0;
      int extra = (int) ((dilation[a] - (in + start + end) % dilation[a]) % dilation[a]);
      pads[a] = new int[] {start, end + extra};
      crops[a] = new int[] {0, extra};
    }
    Operand<T> blocks = tf.spaceToBatchNd(x, tf.constant(dilation), tf.constant(pads));
    Operand<T> y =
        tf.batchToSpaceNd(validConv.apply(blocks), tf.constant(dilation), tf.constant(crops));
    return tf.reshape(y, tf.constant(new long[] {-1, out.get(1), out.get(2), out.get(3)}));
  }

  /** True when any dilation is above 1. */
  public static boolean dilated(int[] dilation) {
    return dilation[0] > 1 || dilation[1] > 1;
  }

  /** Dilated convolutions need a static height and width (see {@link #atrous}). */
  public static void checkDilatedInput(Layer layer, Shape in, int[] dilation) {
    if (dilated(dilation) && (in.get(1) < 0 || in.get(2) < 0)) {
      throw layer.shapeError(
          "known height and width (needed with dilation_rate " + list(dilation) + ")", in, null);
    }
  }
}
