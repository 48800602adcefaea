package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import io.tfweave.shape.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Reshapes each sample to {@code targetShape}; one dimension may be -1 (inferred).
 *
 * <p>Input shape: {@code (batch, ...)}. Output shape: {@code (batch, *targetShape)}.
 */
public final class Reshape extends BaseLayer<Reshape> {
  private static final Option<long[]> TARGET_SHAPE = Option.of(
          "target_shape",
          (long[]) null,
          (long[] t) -> Arrays.stream(t).boxed().toList(),
          raw -> Configs.longs(Map.of("target_shape", raw), "target_shape"))
      .required()
      .checked(Reshape::check);
  private static final List<Option<?>> OPTIONS = Option.list(TARGET_SHAPE);

  /** Target per-sample shape. */
  public Reshape(long... targetShape) {
    super(OPTIONS);
    set(TARGET_SHAPE, targetShape);
  }

  private static long[] check(long[] targetShape) {
    long unknown = Arrays.stream(targetShape).filter(d -> d == -1).count();
    if (targetShape.length == 0
        || unknown > 1
        || Arrays.stream(targetShape).anyMatch(d -> d == 0 || d < -1)) {
      throw new IllegalArgumentException(
          "targetShape must have positive dimensions and at most one -1. Received: targetShape="
              + Arrays.toString(targetShape));
    }
    return targetShape.clone();
  }

  @Override
  public Shape outputShape(Shape in) {
    long[] target = get(TARGET_SHAPE);
    if (!Shapes.fullyDefinedSample(in))
      throw shapeError("known dimensions after the batch", in, null);
    long size = Shapes.sampleSize(in);
    long known = Arrays.stream(target).filter(d -> d > 0).reduce(1, (a, b) -> a * b);
    long[] out = target.clone();
    for (int i = 0; i < out.length; i++) if (out[i] == -1) out[i] = size / known;
    if (Arrays.stream(out).reduce(1, (a, b) -> a * b) != size) {
      throw shapeError(
          "a sample of " + Arrays.stream(target).reduce(1, (a, b) -> a * b)
              + " values to fit target shape " + Arrays.toString(target),
          in,
          null);
    }
    return Shapes.batched(out);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return tf.reshape(x, tf.constant(outputShape(x.shape()).asArray()));
  }

  /** Rebuilds from a config. */
  public static Reshape fromConfig(Map<String, Object> c) {
    return new Reshape(TARGET_SHAPE.read(c)).readConfig(c);
  }
}
