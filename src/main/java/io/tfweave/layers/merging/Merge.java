package io.tfweave.layers.merging;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.shape.Shapes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Base of the element-wise merge layers ({@link Add}, {@link Multiply}, {@link Subtract}, {@link Average}).
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class Merge<L extends Merge<L>> extends BaseLayer<L> {
  /** A merge layer (no options). */
  protected Merge() {
    super(List.of());
  }

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() < 2) {
      throw new IllegalArgumentException("Layer '" + shownName() + "' (" + className()
          + ") needs at least 2 inputs, received " + in.size());
    }
    Shape first = in.get(0);
    for (Shape s : in) {
      boolean same = s.numDimensions() == first.numDimensions();
      for (int d = 1; same && d < s.numDimensions(); d++)
        same = s.get(d) == first.get(d) || s.get(d) < 0 || first.get(d) < 0;
      if (!same) {
        throw shapeError(
            "inputs of equal shape " + Shapes.text(first),
            s,
            "use a 1x1 convolution or Dense to match channels before merging.");
      }
    }
    return List.of(first);
  }

  @Override
  protected List<Operand<TFloat32>> call(Ops tf, List<Operand<TFloat32>> x, CallMode mode) {
    Operand<TFloat32> acc = x.get(0);
    for (int i = 1; i < x.size(); i++) acc = combine(tf, acc, x.get(i));
    return List.of(finish(tf, acc, x.size()));
  }

  /** Combines two operands. */
  protected abstract Operand<TFloat32> combine(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b);

  /** Post-processing of the combined result (e.g. averaging). */
  protected Operand<TFloat32> finish(Ops tf, Operand<TFloat32> acc, int n) {
    return acc;
  }

  /** Applies the merge to tensors: {@code new Add().apply(x, y)}. */
  public SymbolicTensor on(SymbolicTensor... inputs) {
    return apply(inputs);
  }
}
