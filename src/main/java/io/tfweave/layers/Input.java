package io.tfweave.layers;

import io.tfweave.graph.DType;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * A model input (Keras's {@code InputLayer}); {@link #of(long...)} returns the symbolic tensor to build on.
 *
 * <p>Output shape: {@code (batch, *shape)} with an unknown batch size.
 */
public final class Input extends BaseLayer<Input> {
  private final long[] shape;
  private DType dtype = DType.FLOAT32;
  private SymbolicTensor tensor;

  /** An input with per-sample {@code shape} (without the batch dimension). */
  public Input(long... shape) {
    super(List.of());
    for (long d : shape) {
      if (d == 0 || d < -1) {
        throw new IllegalArgumentException(
            "Input shape dimensions must be positive (or -1 for unknown). Received: shape="
                + java.util.Arrays.toString(shape));
      }
    }
    this.shape = shape.clone();
  }

  /** A float32 input with per-sample {@code shape}: {@code Input.of(28, 28, 1)}. */
  public static SymbolicTensor of(long... shape) {
    return new Input(shape).tensor();
  }

  /** An input of the given dtype: {@code Input.of(DType.INT32, 500)} for token ids. */
  public static SymbolicTensor of(DType dtype, long... shape) {
    return new Input(shape).dtype(dtype).tensor();
  }

  /** Sets the element type (default float32). */
  public Input dtype(DType t) {
    return configure(() -> this.dtype = t);
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** Per-sample shape. */
  public Shape sampleShape() {
    return Shape.of(shape);
  }

  /** The symbolic tensor this input produces (created on first call). */
  public SymbolicTensor tensor() {
    if (tensor == null) {
      Node node = new Node(this, List.of());
      tensor = new SymbolicTensor(Shapes.batched(shape), dtype, node, 0);
      node.setOutputs(List.of(tensor));
      markBuilt();
    }
    return tensor;
  }

  @Override
  public String className() {
    return "InputLayer";
  }

  @Override
  public String defaultBaseName() {
    return "input_layer";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    long[] withBatch = Shapes.batched(shape).asArray();
    c.put(
        "batch_shape",
        java.util.Arrays.stream(withBatch).boxed().map(d -> d < 0 ? null : d).toList());
    c.put("dtype", dtype.kerasName());
    return c;
  }
}
