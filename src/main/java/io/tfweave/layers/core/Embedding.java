package io.tfweave.layers.core;

import io.tfweave.constraints.Constraint;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.regularizers.Regularizer;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Turns integer token ids in [0, inputDim) into dense vectors of size {@code outputDim}.
 *
 * <p>Weights: {@code embeddings} [inputDim, outputDim] (uniform ±0.05). Input shape: {@code (batch, ...)} of int32/int64
 * (floats are cast). Output shape: {@code (batch, ..., outputDim)}.
 */
public final class Embedding extends BaseLayer<Embedding> {
  private static final Option<Integer> INPUT_DIM =
      Option.integer("input_dim").required().checked(d -> Checks.positive("inputDim", d));
  private static final Option<Integer> OUTPUT_DIM =
      Option.integer("output_dim").required().checked(d -> Checks.positive("outputDim", d));
  private static final Option<Initializer> EMBEDDINGS_INITIALIZER =
      Option.initializer("embeddings_initializer", Initializers.randomUniform(-0.05, 0.05));
  private static final Option<Regularizer> EMBEDDINGS_REGULARIZER =
      Option.regularizer("embeddings_regularizer");
  private static final Option<Constraint> EMBEDDINGS_CONSTRAINT =
      Option.constraint("embeddings_constraint");
  private static final Option<Boolean> MASK_ZERO = Option.bool("mask_zero", false);
  private static final List<Option<?>> OPTIONS = Option.list(
      INPUT_DIM,
      OUTPUT_DIM,
      EMBEDDINGS_INITIALIZER,
      EMBEDDINGS_REGULARIZER,
      EMBEDDINGS_CONSTRAINT,
      MASK_ZERO);
  private Weight embeddings;

  /** A table of {@code inputDim} vectors of size {@code outputDim}. */
  public Embedding(int inputDim, int outputDim) {
    super(OPTIONS);
    set(INPUT_DIM, inputDim);
    set(OUTPUT_DIM, outputDim);
  }

  /** Initializer of the table (default uniform ±0.05). */
  public Embedding embeddingsInitializer(Initializer i) {
    return set(EMBEDDINGS_INITIALIZER, i);
  }

  /** Penalty on the table. */
  public Embedding embeddingsRegularizer(Regularizer r) {
    return set(EMBEDDINGS_REGULARIZER, r);
  }

  /** Constraint on the table after each update (default none). */
  public Embedding embeddingsConstraint(Constraint c) {
    return set(EMBEDDINGS_CONSTRAINT, c);
  }

  /** Treats id 0 as padding (recorded for recurrent layers; Keras's {@code mask_zero}). */
  public Embedding maskZero(boolean m) {
    return set(MASK_ZERO, m);
  }

  /** Whether id 0 is padding. */
  public boolean maskZero() {
    return get(MASK_ZERO);
  }

  /** Vocabulary size. */
  public int inputDim() {
    return get(INPUT_DIM);
  }

  @Override
  public Shape outputShape(Shape in) {
    return in.append(get(OUTPUT_DIM));
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    embeddings = w.add(
            "embeddings", Shape.of(get(INPUT_DIM), get(OUTPUT_DIM)), get(EMBEDDINGS_INITIALIZER))
        .regularizer(get(EMBEDDINGS_REGULARIZER))
        .constraint(get(EMBEDDINGS_CONSTRAINT));
  }

  /** Computes in the policy's 16-bit type under a mixed policy (its ops are dtype-generic). */
  @Override
  protected boolean supports16BitCompute() {
    return true;
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<?> ids = x.get(0);
    Operand<TInt32> idx;
    if (ids.type() == TInt32.class) idx = ids.asOutput().expect(TInt32.class);
    else if (ids.type() == TInt64.class)
      idx = tf.dtypes.cast(ids.asOutput().expect(TInt64.class), TInt32.class);
    else idx = tf.dtypes.cast(ids, TInt32.class);
    // Gather the float32 rows, then cast only them to the compute type (mixed precision).
    CallContext ctx = CallContext.current();
    Operand<TFloat32> rows = tf.gather(ctx.readVariable(embeddings), idx, tf.constant(0));
    Operand<?> out =
        ctx.computeType() == TFloat32.class ? rows : tf.dtypes.cast(rows, ctx.computeType());
    if (maskZero()) ctx.recordMask(out, tf.math.notEqual(idx, tf.constant(0)));
    return List.of(out);
  }

  /** Rebuilds from a config. */
  public static Embedding fromConfig(Map<String, Object> c) {
    return new Embedding(INPUT_DIM.read(c), OUTPUT_DIM.read(c)).readConfig(c);
  }
}
