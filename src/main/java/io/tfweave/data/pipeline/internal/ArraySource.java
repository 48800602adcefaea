package io.tfweave.data.pipeline.internal;

import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * In-memory arrays sliced along their first dimension ({@code TensorSliceDataset}). The arrays are fed to placeholders
 * once, when the dataset object is made, so the graph never holds a constant copy of them.
 */
public final class ArraySource implements Source {
  private final Map<String, HostArray> arrays;

  /** The components {@code arrays} (names to arrays with the same number of samples). */
  public ArraySource(Map<String, HostArray> arrays) {
    if (arrays.isEmpty()) throw new IllegalArgumentException("fromArrays needs at least one array");
    int n = -1;
    for (Map.Entry<String, HostArray> e : arrays.entrySet()) {
      if (e.getValue() == null)
        throw new IllegalArgumentException("Array '" + e.getKey() + "' is null");
      if (n >= 0 && e.getValue().length() != n) {
        throw new IllegalArgumentException(
            "All arrays must have the same number of samples. Received: '"
                + arrays.keySet().iterator().next() + "' has " + n + ", '" + e.getKey() + "' has "
                + e.getValue().length());
      }
      n = e.getValue().length();
    }
    this.arrays = new LinkedHashMap<>(arrays);
  }

  @Override
  public Built build(BuildContext ctx) {
    Ops tf = ctx.tf();
    List<Operand<?>> slices = new ArrayList<>();
    List<TensorSpec> spec = new ArrayList<>();
    List<Shape> sampleShapes = new ArrayList<>();
    for (Map.Entry<String, HostArray> e : arrays.entrySet()) {
      HostArray a = e.getValue();
      Shape sample = a.sampleShape();
      slices.add(fed(ctx, a, a.dtype().feedType()));
      spec.add(new TensorSpec(e.getKey(), a.dtype().feedType(), sample));
      sampleShapes.add(sample);
    }
    return new Built(tf.data.tensorSliceDataset(slices, sampleShapes).handle(), spec);
  }

  private static <T extends TType> Operand<T> fed(BuildContext ctx, HostArray a, Class<T> type) {
    return ctx.fed(type, a.shape(), a::toTensor);
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public String describe() {
    StringBuilder b = new StringBuilder("fromArrays(");
    arrays.forEach((k, v) -> b.append(b.length() > 11 ? ", " : "")
        .append(k)
        .append('=')
        .append(v.dtype().kerasName())
        .append(v.shape()));
    return b.append(')').toString();
  }
}
