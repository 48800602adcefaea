package io.tfweave.layers.pooling;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The base of {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D}: shapes, {@code keepdims}, config.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class GlobalPooling2D<L extends GlobalPooling2D<L>> extends BaseLayer<L> {
  private static final Option<Boolean> KEEPDIMS = Option.bool("keepdims", false);
  private static final List<Option<?>> OPTIONS = Option.list(ConvArgs.DATA_FORMAT, KEEPDIMS);

  GlobalPooling2D() {
    super(OPTIONS);
  }

  /** Whether to keep the spatial axes with size 1 (default false). */
  public L keepdims(boolean k) {
    return set(KEEPDIMS, k);
  }

  /** Reduces over the spatial axes {@code [1, 2]}. */
  abstract Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, boolean keepDims);

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    return get(KEEPDIMS) ? Shape.of(in.get(0), 1, 1, in.get(3)) : Shape.of(in.get(0), in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return reduce(tf, x, get(KEEPDIMS));
  }
}
