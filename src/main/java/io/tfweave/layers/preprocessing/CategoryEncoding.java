package io.tfweave.layers.preprocessing;

import io.tfweave.graph.CallMode;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.KerasEnum;
import io.tfweave.layers.Option;
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
 * {@link OutputMode#MULTI_HOT} (default) marks the ids present in each sample, {@code COUNT} counts them, {@code ONE_HOT}
 * encodes each id. Ids outside the range fail at run time, naming the layer.
 *
 * <p>Input shape: {@code (batch,)} or {@code (batch, k)} of ints. Output shape: {@code (batch, numTokens)} for
 * {@code multi_hot}/{@code count}; for {@code one_hot} {@code (batch, ..., numTokens)}, replacing a last dimension of 1.
 */
public final class CategoryEncoding extends BaseLayer<CategoryEncoding> {
  /** Keras's default output mode. */
  public static final OutputMode OUTPUT_MODE_DEFAULT = OutputMode.MULTI_HOT;

  private static final Option<Integer> NUM_TOKENS =
      Option.integer("num_tokens").required().checked(n -> Checks.positive("numTokens", n));
  private static final Option<OutputMode> OUTPUT_MODE = Option.mode(
          "output_mode", OutputMode.class, OUTPUT_MODE_DEFAULT)
      .checked(m -> KerasEnum.check(
          "output_mode", m, OutputMode.MULTI_HOT, OutputMode.COUNT, OutputMode.ONE_HOT));
  private static final Option<Boolean> SPARSE =
      Option.fixed("sparse", false, "CategoryEncoding supports sparse=false only.");
  private static final List<Option<?>> OPTIONS = Option.list(NUM_TOKENS, OUTPUT_MODE, SPARSE);

  /** An encoding of ids in [0, numTokens). */
  public CategoryEncoding(int numTokens) {
    super(OPTIONS);
    set(NUM_TOKENS, numTokens);
  }

  /** {@link OutputMode#MULTI_HOT} (default), {@code COUNT} or {@code ONE_HOT}. */
  public CategoryEncoding outputMode(OutputMode mode) {
    return set(OUTPUT_MODE, mode);
  }

  @Override
  public Shape outputShape(Shape in) {
    int rank = in.numDimensions();
    int numTokens = get(NUM_TOKENS);
    OutputMode outputMode = get(OUTPUT_MODE);
    if (rank < 1) throw shapeError("an input with a batch dimension", in, null);
    if (outputMode == OutputMode.ONE_HOT) {
      if (rank > 1 && in.get(rank - 1) == 1) return Shape.of(replaceLast(in.asArray(), numTokens));
      return in.append(numTokens);
    }
    if (rank > 2)
      throw shapeError(
          "a 1D or 2D input (batch,) or (batch, k) for " + outputMode.kerasName(), in, null);
    return Shape.of(-1, numTokens);
  }

  private static long[] replaceLast(long[] d, long v) {
    long[] out = d.clone();
    out[out.length - 1] = v;
    return out;
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<TInt32> ids = x.get(0).type() == TInt32.class
        ? x.get(0).asOutput().expect(TInt32.class)
        : tf.dtypes.cast(x.get(0), TInt32.class);
    int numTokens = get(NUM_TOKENS);
    Operand<TBool> valid = tf.reduceAll(
        tf.math.logicalAnd(
            tf.math.greaterEqual(ids, tf.constant(0)), tf.math.less(ids, tf.constant(numTokens))),
        tf.range(tf.constant(0), tf.rank(ids), tf.constant(1)));
    Ops checked = tf.withControlDependencies(List.of(tf.assertThat(
        valid,
        List.of(
            tf.constant("Layer '" + name() + "' (CategoryEncoding) expects ids in [0, " + numTokens
                + "); received ids from"),
            tf.min(ids, tf.range(tf.constant(0), tf.rank(ids), tf.constant(1))),
            tf.constant("to"),
            tf.max(ids, tf.range(tf.constant(0), tf.rank(ids), tf.constant(1))),
            tf.constant("Hint: raise numTokens or map the "
                + "ids into range (e.g. with IntegerLookup).")))));
    int rank = ids.shape().numDimensions();
    Operand<TInt32> in = checked.identity(ids);
    Operand<TFloat32> out;
    if (get(OUTPUT_MODE) == OutputMode.ONE_HOT) {
      if (rank > 1 && ids.shape().get(rank - 1) == 1)
        in = tf.squeeze(in, Squeeze.axis(List.of((long) rank - 1)));
      out = tf.oneHot(in, tf.constant(numTokens), tf.constant(1f), tf.constant(0f));
    } else {
      if (rank == 1) in = tf.expandDims(in, tf.constant(1));
      Operand<TFloat32> hot =
          tf.oneHot(in, tf.constant(numTokens), tf.constant(1f), tf.constant(0f));
      out = get(OUTPUT_MODE) == OutputMode.COUNT
          ? tf.sum(hot, tf.constant(1))
          : tf.max(hot, tf.constant(1));
    }
    return List.of(out);
  }

  /** Rebuilds from a Keras config. */
  public static CategoryEncoding fromConfig(Map<String, Object> c) {
    return new CategoryEncoding(NUM_TOKENS.read(c)).readConfig(c);
  }
}
