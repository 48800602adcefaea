package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.SequenceArgs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Removes steps at the start and end of sequences (Keras's {@code Cropping1D}): {@code new Cropping1D(1)} crops one step at
 * each end (Keras's default), {@code (start, end)} gives each end.
 *
 * <p>Input shape: {@code (batch, steps, features)}. Output shape: {@code (batch, steps − start − end, features)}.
 */
public final class Cropping1D extends BaseLayer<Cropping1D> {
  private static final Option<int[]> CROPPING = SequenceArgs.endsOption("cropping", 1);
  private static final List<Option<?>> OPTIONS = Option.list(CROPPING);

  /** Cropping of one value (both ends) or two (start, end); none gives Keras's default, 1 at each end. */
  public Cropping1D(int... cropping) {
    super(OPTIONS);
    if (cropping.length > 0) set(CROPPING, cropping);
  }

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, false);
    int[] c = get(CROPPING);
    if (in.get(1) >= 0 && c[0] + c[1] >= in.get(1)) {
      throw shapeError(
          "more than " + (c[0] + c[1]) + " steps (cropping " + Arrays.toString(c)
              + " must be smaller than " + "the input length)",
          in,
          "crop less, or pad the sequences to a longer length.");
    }
    return Shape.of(in.get(0), in.get(1) < 0 ? -1 : in.get(1) - c[0] - c[1], in.get(2));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int[] c = get(CROPPING);
    var steps = c[1] == 0 ? Indices.sliceFrom(c[0]) : Indices.slice(c[0], -c[1]);
    return tf.stridedSlice(x, Indices.all(), steps, Indices.all());
  }

  /** Rebuilds from a Keras config ({@code cropping} as a number or a pair). */
  public static Cropping1D fromConfig(Map<String, Object> c) {
    return new Cropping1D(CROPPING.read(c)).readConfig(c);
  }
}
