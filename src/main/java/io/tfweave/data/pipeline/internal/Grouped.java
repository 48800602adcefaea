package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * Runs a per-record decoder on groups of records: {@code batch(SIZE)}, the decoder on the group (its ops work on vectors
 * of records), then {@code unbatch}, so that a decode costs one function call per group instead of one per record. Sources
 * use it unless a stage skips errors, since a failing record would then drop its whole group.
 */
final class Grouped {
  /** Records per group. */
  static final int SIZE = 64;

  private Grouped() {}

  /** {@code in} decoded by {@code body}, which gets components of {@code [-1, ...]} and returns batched components. */
  static Built decode(
      BuildContext ctx, Built in, String what, BiFunction<Ops, Element, Element> body) {
    Ops tf = ctx.tf();
    List<TensorSpec> groupSpec = new ArrayList<>();
    for (TensorSpec s : in.spec()) {
      long[] dims = new long[s.shape().numDimensions() + 1];
      dims[0] = -1;
      System.arraycopy(s.shape().asArray(), 0, dims, 1, s.shape().numDimensions());
      groupSpec.add(s.withShape(Shape.of(dims)));
    }
    Built groups = new Built(
        tf.data
            .batchDataset(
                in.handle(),
                tf.constant((long) SIZE),
                tf.constant(false),
                in.types(),
                groupSpec.stream().map(TensorSpec::shape).toList())
            .handle(),
        groupSpec);
    Functions.Fn f = Functions.of(groupSpec, what, body);
    ctx.keep(f.function());
    Built decoded = new Built(groups.handle(), f.outputs());
    var mapped = tf.data.mapDataset(
        groups.handle(), List.of(), f.function(), decoded.types(), decoded.shapes());
    List<TensorSpec> one = new ArrayList<>();
    for (TensorSpec s : f.outputs()) {
      long[] dims = s.shape().asArray();
      one.add(s.withShape(Shape.of(java.util.Arrays.copyOfRange(dims, 1, dims.length))));
    }
    Built out = new Built(in.handle(), one);
    return out.withHandle(
        tf.data.unbatchDataset(mapped.handle(), out.types(), out.shapes()).handle());
  }
}
