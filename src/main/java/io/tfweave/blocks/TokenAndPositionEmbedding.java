package io.tfweave.blocks;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Sums a learned token embedding and a learned position embedding (keras_hub's {@code TokenAndPositionEmbedding}): token
 * {@code i} at position {@code p} becomes {@code token_embedding[i] + position_embedding[p]}, the input of a Transformer.
 *
 * <p>Weights, named as keras_hub's: {@code token_embedding/embeddings} [vocabularySize, embeddingDim] and
 * {@code position_embedding/embeddings} [sequenceLength, embeddingDim], both uniform ±0.05 (keras_hub's default
 * {@code "uniform"}). With {@code maskZero(true)} id 0 is padding: the output carries a mask that attention and
 * {@code GlobalAveragePooling1D} respect. {@code tie_weights} (default true) is kept in the config for keras_hub; it only
 * matters for keras_hub's reverse projection, which this layer does not have.
 *
 * <p>Input shape: {@code (batch, steps)} of token ids (int32/int64; floats are cast), {@code steps ≤ sequenceLength}.
 * Output shape: {@code (batch, steps, embeddingDim)}.
 */
public final class TokenAndPositionEmbedding extends BaseLayer<TokenAndPositionEmbedding> {
  private static final Option<Integer> VOCABULARY_SIZE = Option.integer("vocabulary_size")
      .required()
      .checked(v -> Checks.positive("vocabularySize", v));
  private static final Option<Integer> SEQUENCE_LENGTH = Option.integer("sequence_length")
      .required()
      .checked(v -> Checks.positive("sequenceLength", v));
  private static final Option<Integer> EMBEDDING_DIM =
      Option.integer("embedding_dim").required().checked(v -> Checks.positive("embeddingDim", v));
  private static final Option<Initializer> EMBEDDINGS_INITIALIZER =
      Option.initializer("embeddings_initializer", Initializers.randomUniform(-0.05, 0.05));
  private static final Option<Boolean> TIE_WEIGHTS = Option.bool("tie_weights", true);
  private static final Option<Boolean> MASK_ZERO = Option.bool("mask_zero", false);
  private static final List<Option<?>> OPTIONS = Option.list(
      VOCABULARY_SIZE,
      SEQUENCE_LENGTH,
      EMBEDDING_DIM,
      EMBEDDINGS_INITIALIZER,
      TIE_WEIGHTS,
      MASK_ZERO);
  private Weight tokens;
  private Weight positions;

  /** Embeddings of {@code vocabularySize} tokens and {@code sequenceLength} positions, of size {@code embeddingDim}. */
  public TokenAndPositionEmbedding(int vocabularySize, int sequenceLength, int embeddingDim) {
    super(OPTIONS);
    set(VOCABULARY_SIZE, vocabularySize);
    set(SEQUENCE_LENGTH, sequenceLength);
    set(EMBEDDING_DIM, embeddingDim);
  }

  /** Initializer of both tables (default uniform ±0.05). */
  public TokenAndPositionEmbedding embeddingsInitializer(Initializer i) {
    return set(EMBEDDINGS_INITIALIZER, i);
  }

  /** keras_hub's {@code tie_weights} (default true), kept in the config. */
  public TokenAndPositionEmbedding tieWeights(boolean t) {
    return set(TIE_WEIGHTS, t);
  }

  /** Treats id 0 as padding and masks it (default false). */
  public TokenAndPositionEmbedding maskZero(boolean m) {
    return set(MASK_ZERO, m);
  }

  /** The vocabulary size. */
  public int vocabularySize() {
    return get(VOCABULARY_SIZE);
  }

  /** The longest sequence. */
  public int sequenceLength() {
    return get(SEQUENCE_LENGTH);
  }

  /** The embedding size. */
  public int embeddingDim() {
    return get(EMBEDDING_DIM);
  }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() != 2) {
      throw shapeError(
          "a 2-D input (batch, steps) of token ids",
          in,
          "TextVectorization or padSequences give such ids.");
    }
    if (in.get(1) > sequenceLength()) {
      throw shapeError(
          "at most " + sequenceLength() + " steps (its sequence_length)",
          in,
          "truncate the sequences, or use a larger sequenceLength.");
    }
    return in.append(embeddingDim());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    tokens = w.add(
        "token_embedding/embeddings",
        Shape.of(vocabularySize(), embeddingDim()),
        get(EMBEDDINGS_INITIALIZER));
    positions = w.add(
        "position_embedding/embeddings",
        Shape.of(sequenceLength(), embeddingDim()),
        get(EMBEDDINGS_INITIALIZER));
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<?> ids = x.get(0);
    Operand<TInt32> idx;
    if (ids.type() == TInt32.class) idx = ids.asOutput().expect(TInt32.class);
    else if (ids.type() == TInt64.class)
      idx = tf.dtypes.cast(ids.asOutput().expect(TInt64.class), TInt32.class);
    else idx = tf.dtypes.cast(ids, TInt32.class);
    Operand<TFloat32> embedded = tf.gather(tokens.value(), idx, tf.constant(0));
    long steps = ids.shape().get(1);
    Operand<TInt32> size = steps >= 0
        ? tf.constant(new int[] {(int) steps, embeddingDim()})
        : tf.concat(
            List.of(
                tf.slice(tf.shape(idx), tf.constant(new int[] {1}), tf.constant(new int[] {1})),
                tf.constant(new int[] {embeddingDim()})),
            tf.constant(0));
    Operand<TFloat32> position = tf.slice(positions.value(), tf.constant(new int[] {0, 0}), size);
    Operand<TFloat32> out = tf.math.add(embedded, position);
    if (get(MASK_ZERO))
      CallContext.current().recordMask(out, tf.math.notEqual(idx, tf.constant(0)));
    return List.of(out);
  }

  /** Rebuilds from a keras_hub config. */
  public static TokenAndPositionEmbedding fromConfig(Map<String, Object> c) {
    return new TokenAndPositionEmbedding(
            VOCABULARY_SIZE.read(c), SEQUENCE_LENGTH.read(c), EMBEDDING_DIM.read(c))
        .readConfig(c);
  }
}
