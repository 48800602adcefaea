package io.tfweave.layers.pooling;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.SequenceArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * The base of {@link MaxPooling1D} and {@link AveragePooling1D}: window, strides (default: the window) and padding with
 * their setters, shape arithmetic and config; the pooling runs as the 2-D op on a height-1 image.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class Pooling1D<L extends Pooling1D<L>> extends BaseLayer<L> {
  private static final Option<Integer> POOL_SIZE = SequenceArgs.lengthOption("pool_size", 2);
  private static final Option<Integer> STRIDES =
      SequenceArgs.lengthOption("strides", null).nullable();
  private static final List<Option<?>> OPTIONS =
      Option.list(POOL_SIZE, ConvArgs.PADDING, STRIDES, ConvArgs.DATA_FORMAT);

  Pooling1D() {
    super(OPTIONS);
  }

  /** The window size in steps (default 2). */
  public L poolSize(int p) {
    return set(POOL_SIZE, p);
  }

  /** Step between windows (default: the pool size). */
  public L strides(int s) {
    return set(STRIDES, s);
  }

  /** {@link Padding#VALID} (default) or {@link Padding#SAME}. */
  public L padding(Padding p) {
    return set(ConvArgs.PADDING, p);
  }

  /** Adds the 2-D pooling op on {@code x} [batch, 1, steps, channels] with TensorFlow's lists and padding name. */
  abstract Operand<TFloat32> pool(
      Ops tf, Operand<TFloat32> x, List<Long> ksize, List<Long> strides, String padding);

  private int effectiveStrides() {
    return get(STRIDES) != null ? get(STRIDES) : get(POOL_SIZE);
  }

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, false);
    long steps = SequenceArgs.outputLength(
        in.get(1), get(POOL_SIZE), get(ConvArgs.PADDING), effectiveStrides(), 1);
    SequenceArgs.checkPositive(this, in, steps, "a pooling window of " + get(POOL_SIZE) + " steps");
    return Shape.of(in.get(0), steps, in.get(2));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int window = get(POOL_SIZE);
    Operand<TFloat32> checked = ConvArgs.checkRunTimeExtent(
        tf,
        this,
        x,
        new int[] {window},
        get(ConvArgs.PADDING),
        "a pooling window of " + window + " steps");
    Operand<TFloat32> y = pool(
        tf,
        tf.expandDims(checked, tf.constant(1)),
        List.of(1L, 1L, (long) get(POOL_SIZE), 1L),
        List.of(1L, 1L, (long) effectiveStrides(), 1L),
        get(ConvArgs.PADDING).name());
    return tf.squeeze(y, Squeeze.axis(List.of(1L)));
  }

  /** Keras's config, with {@code strides} written as the effective strides (the pool size when not set). */
  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("strides", List.of(effectiveStrides()));
    return c;
  }
}
