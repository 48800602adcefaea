package io.tfweave.layers.pooling;

import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.graph.CallMode;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The shared part of {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D}: shapes, {@code keepdims}, config. */
abstract class GlobalPooling2D extends Layer {
  boolean keepdims;

  /** Reduces over the spatial axes {@code [1, 2]}. */
  abstract Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, boolean keepDims);

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    return keepdims ? Shape.of(in.get(0), 1, 1, in.get(3)) : Shape.of(in.get(0), in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) { return reduce(tf, x, keepdims); }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("data_format", ConvArgs.DATA_FORMAT);
    c.put("keepdims", keepdims);
    return c;
  }

  static <L extends GlobalPooling2D> L read(L l, Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    l.keepdims = Configs.bool(c, "keepdims", false);
    return Configs.common(l, c);
  }
}
