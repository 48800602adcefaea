package io.tfweave.layers.pooling;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.Masks;
import io.tfweave.layers.internal.SequenceArgs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The base of {@link GlobalAveragePooling1D} and {@link GlobalMaxPooling1D}: shapes, {@code keepdims}, config, and the mask
 * of the input ({@code [batch, steps]}, null when there is none) handed to the reduction.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class GlobalPooling1D<L extends GlobalPooling1D<L>> extends BaseLayer<L> {
  private static final Option<Boolean> KEEPDIMS = Option.bool("keepdims", false);
  private static final List<Option<?>> OPTIONS = Option.list(ConvArgs.DATA_FORMAT, KEEPDIMS);

  GlobalPooling1D() {
    super(OPTIONS);
  }

  /** Whether to keep the steps axis with size 1 (default false). */
  public L keepdims(boolean k) {
    return set(KEEPDIMS, k);
  }

  /** Reduces over the steps axis 1; {@code mask} is the input's mask or null. */
  abstract Operand<TFloat32> reduce(
      Ops tf, Operand<TFloat32> x, Operand<TBool> mask, boolean keepDims);

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, false);
    return get(KEEPDIMS) ? Shape.of(in.get(0), 1, in.get(2)) : Shape.of(in.get(0), in.get(2));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return reduce(tf, x, Masks.of(x), get(KEEPDIMS));
  }
}
