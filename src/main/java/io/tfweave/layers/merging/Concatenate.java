package io.tfweave.layers.merging;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Concatenates its inputs along {@code axis} (default -1, the last).
 *
 * <p>Input shape: tensors equal in every dimension but {@code axis}. Output shape: the sum along {@code axis}.
 */
public final class Concatenate extends BaseLayer<Concatenate> {
  private static final Option<Integer> AXIS = Option.integer("axis", -1);
  private static final List<Option<?>> OPTIONS = Option.list(AXIS);

  /** Concatenation along the last axis. */
  public Concatenate() {
    super(OPTIONS);
  }

  /** The axis to join along (negative counts from the end; 0, the batch, is not allowed). */
  public Concatenate axis(int a) {
    return set(AXIS, a);
  }

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() < 2) {
      throw new IllegalArgumentException("Layer '" + shownName()
          + "' (Concatenate) needs at least 2 inputs, received " + in.size());
    }
    int rank = in.get(0).numDimensions();
    int axis = get(AXIS);
    int ax = axis < 0 ? rank + axis : axis;
    if (ax <= 0 || ax >= rank) {
      throw new IllegalArgumentException("axis must address a non-batch dimension of rank-" + rank
          + " inputs. Received: axis=" + axis);
    }
    long[] out = in.get(0).asArray().clone();
    out[ax] = 0;
    for (Shape s : in) {
      if (s.numDimensions() != rank) throw shapeError("inputs of rank " + rank, s, null);
      for (int d = 1; d < rank; d++) {
        if (d != ax && s.get(d) != in.get(0).get(d)) {
          throw shapeError(
              "inputs matching " + Shapes.text(in.get(0)) + " except on axis " + axis, s, null);
        }
      }
      out[ax] = out[ax] < 0 || s.get(ax) < 0 ? -1 : out[ax] + s.get(ax);
    }
    return List.of(Shape.of(out));
  }

  @Override
  protected List<Operand<TFloat32>> call(Ops tf, List<Operand<TFloat32>> x, CallMode mode) {
    int rank = x.get(0).shape().numDimensions();
    int ax = get(AXIS) < 0 ? rank + get(AXIS) : get(AXIS);
    return List.of(tf.concat(x, tf.constant(ax)));
  }

  /** Rebuilds from a config. */
  public static Concatenate fromConfig(Map<String, Object> c) {
    return new Concatenate().readConfig(c);
  }
}
