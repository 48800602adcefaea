package io.tfweave.examples.quadratic;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.Layer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What the Fashion-MNIST experiment needs and this branch does not have yet: two minimal layers, an ordinary 5x5-style valid
 * convolution with ReLU and a 2x2 max pooling (the library's Conv2D and MaxPooling2D land elsewhere).
 */
final class CnnParts {
  private CnnParts() {}

  /** A first-order valid convolution with ReLU: {@code relu(conv(x, kernel) + bias)}, kernel glorot_uniform. */
  static final class Conv extends Layer {
    private final int filters;
    private final int size;
    private Weight kernel;
    private Weight bias;

    Conv(int filters, int size) {
      this.filters = filters;
      this.size = size;
    }

    @Override
    public Shape outputShape(Shape in) {
      return Shape.of(in.get(0), in.get(1) - size + 1, in.get(2) - size + 1, filters);
    }

    @Override
    protected void build(Shape in, WeightFactory w) {
      kernel = w.add("kernel", Shape.of(size, size, in.get(3), filters), Initializers.glorotUniform());
      bias = w.add("bias", Shape.of(filters), Initializers.zeros());
    }

    @Override
    protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
      return tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, kernel.value(), List.of(1L, 1L, 1L, 1L), "VALID"), bias.value()));
    }
  }

  /** 2x2 max pooling with stride 2 (valid). */
  static final class MaxPool extends Layer {
    @Override
    public Shape outputShape(Shape in) { return Shape.of(in.get(0), in.get(1) / 2, in.get(2) / 2, in.get(3)); }

    @Override
    protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
      return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }
  }
}
