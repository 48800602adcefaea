package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Flattens every sample to one dimension.
 *
 * <p>Input shape: {@code (batch, d1, ..., dn)} with known d's. Output shape: {@code (batch, d1·...·dn)}.
 */
public final class Flatten extends BaseLayer<Flatten> {
  /** A flattening layer. */
  public Flatten() {
    super(List.of());
  }

  @Override
  public Shape outputShape(Shape in) {
    if (!Shapes.fullyDefinedSample(in))
      throw shapeError("known dimensions after the batch", in, null);
    return Shape.of(Shape.UNKNOWN_SIZE, Shapes.sampleSize(in));
  }

  /** Computes in the policy's 16-bit type under a mixed policy (its ops are dtype-generic). */
  @Override
  protected boolean supports16BitCompute() {
    return true;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return tf.reshape(x, tf.constant(new long[] {-1, Shapes.sampleSize(x.shape())}));
  }

  /** Rebuilds from a config. */
  public static Flatten fromConfig(Map<String, Object> c) {
    return new Flatten().readConfig(c);
  }
}
