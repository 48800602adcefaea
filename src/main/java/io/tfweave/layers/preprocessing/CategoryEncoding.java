package io.tfweave.layers.preprocessing;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.graph.CallMode;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Encodes integer category ids in [0, numTokens) as dense float vectors (Keras's {@code CategoryEncoding}):
 * {@code multi_hot} (default) marks the ids present in each sample, {@code count} counts them, {@code one_hot} encodes each
 * id. Ids outside the range fail at run time, naming the layer.
 *
 * <p>Input shape: {@code (batch,)} or {@code (batch, k)} of ints. Output shape: {@code (batch, numTokens)} for
 * {@code multi_hot}/{@code count}; for {@code one_hot} {@code (batch, ..., numTokens)}, replacing a last dimension of 1.
 */
public final class CategoryEncoding extends Layer {
  /** Keras's default output mode. */
  public static final String OUTPUT_MODE_DEFAULT = "multi_hot";
  private final int numTokens;
  private String outputMode = OUTPUT_MODE_DEFAULT;

  /** An encoding of ids in [0, numTokens). */
  public CategoryEncoding(int numTokens) { this.numTokens = Checks.positive("numTokens", numTokens); }

  /** multi_hot (default), count or one_hot. */
  public CategoryEncoding outputMode(String mode) {
    return configure(() -> this.outputMode = Checks.oneOf("outputMode", mode, "multi_hot", "count", "one_hot"));
  }

  @Override
  public Shape outputShape(Shape in) {
    int rank = in.numDimensions();
    if (rank < 1) throw shapeError("an input with a batch dimension", in, null);
    if (outputMode.equals("one_hot")) {
      if (rank > 1 && in.get(rank - 1) == 1) return Shape.of(replaceLast(in.asArray(), numTokens));
      return in.append(numTokens);
    }
    if (rank > 2) throw shapeError("a 1D or 2D input (batch,) or (batch, k) for " + outputMode, in, null);
    return Shape.of(-1, numTokens);
  }

  private static long[] replaceLast(long[] d, long v) {
    long[] out = d.clone();
    out[out.length - 1] = v;
    return out;
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<TInt32> ids = x.get(0).type() == TInt32.class ? x.get(0).asOutput().expect(TInt32.class)
        : tf.dtypes.cast(x.get(0), TInt32.class);
    Operand<TBool> valid = tf.reduceAll(tf.math.logicalAnd(tf.math.greaterEqual(ids, tf.constant(0)),
        tf.math.less(ids, tf.constant(numTokens))), tf.range(tf.constant(0), tf.rank(ids), tf.constant(1)));
    Ops checked = tf.withControlDependencies(List.of(tf.assertThat(valid, List.of(tf.constant("Layer '" + name()
        + "' (CategoryEncoding) expects ids in [0, " + numTokens + "); received ids from"), tf.min(ids, tf.range(
        tf.constant(0), tf.rank(ids), tf.constant(1))), tf.constant("to"), tf.max(ids, tf.range(tf.constant(0), tf.rank(ids),
        tf.constant(1))), tf.constant("Hint: raise numTokens or map the "
        + "ids into range (e.g. with IntegerLookup).")))));
    int rank = ids.shape().numDimensions();
    Operand<TInt32> in = checked.identity(ids);
    Operand<TFloat32> out;
    if (outputMode.equals("one_hot")) {
      if (rank > 1 && ids.shape().get(rank - 1) == 1) in = tf.squeeze(in, Squeeze.axis(List.of((long) rank - 1)));
      out = tf.oneHot(in, tf.constant(numTokens), tf.constant(1f), tf.constant(0f));
    } else {
      if (rank == 1) in = tf.expandDims(in, tf.constant(1));
      Operand<TFloat32> hot = tf.oneHot(in, tf.constant(numTokens), tf.constant(1f), tf.constant(0f));
      out = outputMode.equals("count") ? tf.sum(hot, tf.constant(1))
          : tf.max(hot, tf.constant(1));
    }
    return List.of(out);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("num_tokens", numTokens);
    c.put("output_mode", outputMode);
    c.put("sparse", false);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static CategoryEncoding fromConfig(Map<String, Object> c) {
    CategoryEncoding e = new CategoryEncoding(Configs.integer(c, "num_tokens"));
    if (c.get("output_mode") instanceof String m) e.outputMode(m);
    return Configs.common(e, c);
  }
}
