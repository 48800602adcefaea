package io.tfweave.layers.pooling;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The base of {@link MaxPooling2D} and {@link AveragePooling2D}: window, strides (default: the window) and padding with
 * their setters, shape arithmetic and config.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class Pooling2D<L extends Pooling2D<L>> extends BaseLayer<L> {
  private static final Option<int[]> POOL_SIZE = ConvArgs.pairOption("pool_size", 2);
  private static final Option<int[]> STRIDES = ConvArgs.pairOption("strides").nullable();
  private static final List<Option<?>> OPTIONS =
      Option.list(POOL_SIZE, ConvArgs.PADDING, STRIDES, ConvArgs.DATA_FORMAT);

  Pooling2D() {
    super(OPTIONS);
  }

  /** The window size (default 2); one value or (height, width). */
  public L poolSize(int... p) {
    return set(POOL_SIZE, p);
  }

  /** Strides (default: the pool size); one value or (height, width). */
  public L strides(int... s) {
    return set(STRIDES, s);
  }

  /** {@link Padding#VALID} (default) or {@link Padding#SAME}. */
  public L padding(Padding p) {
    return set(ConvArgs.PADDING, p);
  }

  /** Adds the pooling op with TensorFlow's {@code ksize}/{@code strides} lists and padding name. */
  abstract Operand<TFloat32> pool(
      Ops tf, Operand<TFloat32> x, List<Long> ksize, List<Long> strides, String padding);

  private int[] effectiveStrides() {
    return get(STRIDES) != null ? get(STRIDES) : get(POOL_SIZE);
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    int[] p = get(POOL_SIZE);
    int[] s = effectiveStrides();
    long h = ConvArgs.outputLength(in.get(1), p[0], get(ConvArgs.PADDING), s[0], 1);
    long w = ConvArgs.outputLength(in.get(2), p[1], get(ConvArgs.PADDING), s[1], 1);
    ConvArgs.checkPositive(this, in, h, w, "a " + p[0] + "x" + p[1] + " pooling window");
    return Shape.of(in.get(0), h, w, in.get(3));
  }

  /** Computes in the policy's 16-bit type under a mixed policy (its ops are dtype-generic). */
  @Override
  protected boolean supports16BitCompute() {
    return true;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int[] p = get(POOL_SIZE);
    return pool(
        tf,
        ConvArgs.checkRunTimeExtent(
            tf, this, x, p, get(ConvArgs.PADDING), "a " + p[0] + "x" + p[1] + " pooling window"),
        ConvArgs.nhwc(get(POOL_SIZE)),
        ConvArgs.nhwc(effectiveStrides()),
        get(ConvArgs.PADDING).name());
  }

  /** Keras's config, with {@code strides} written as the effective strides (the pool size when not set). */
  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("strides", ConvArgs.list(effectiveStrides()));
    return c;
  }
}
