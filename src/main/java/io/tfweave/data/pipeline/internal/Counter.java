package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.Element;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.op.data.MapDataset;
import org.tensorflow.types.TInt64;

/**
 * An int64 resource variable, shared by name between the graph and tf.data functions, that a map stage increments once per
 * element passing through it. Two of them around {@code ignoreErrors()} (elements that entered the stages before it, and
 * elements that left it) count the elements it skipped.
 */
public final class Counter {
  private final String sharedName = BuildContext.uniqueName("counter");
  private Operand<?> handle;

  private static Operand<?> handle(Ops tf, String sharedName) {
    return tf.withName("counter")
        .varHandleOp(TInt64.class, Shape.scalar(), VarHandleOp.sharedName(sharedName));
  }

  /** {@code in} with every element counted (a map whose function increments the variable, then passes the element on). */
  public Built count(BuildContext ctx, Built in) {
    Functions.Fn f = Functions.of(in.spec(), "A counter", (tf, e) -> {
      Op add = tf.assignAddVariableOp(handle(tf, sharedName), tf.constant(1L));
      Ops after = tf.withControlDependencies(List.of(add));
      Map<String, Operand<?>> out = new LinkedHashMap<>();
      for (Map.Entry<String, Operand<?>> c : e.components().entrySet())
        out.put(c.getKey(), after.identity(c.getValue()));
      return Element.of(out);
    });
    ctx.keep(f.function());
    return in.withHandle(ctx.tf()
        .data
        .mapDataset(
            in.handle(),
            List.of(),
            f.function(),
            in.types(),
            in.shapes(),
            MapDataset.preserveCardinality(true))
        .handle());
  }

  /** The op setting the variable to 0 (run once before the first pass). */
  public Op reset(Ops tf) {
    return tf.assignVariableOp(handle(tf), tf.constant(0L));
  }

  /** The variable's value. */
  public Operand<TInt64> read(Ops tf) {
    return tf.readVariableOp(handle(tf), TInt64.class);
  }

  private Operand<?> handle(Ops tf) {
    if (handle == null) handle = handle(tf, sharedName);
    return handle;
  }
}
