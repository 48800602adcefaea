package io.tfweave.layers.preprocessing;

import io.tfweave.data.HostArray;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The base of {@link StringLookup} and {@link IntegerLookup} (Keras's {@code IndexLookup}): maps vocabulary terms to
 * indices, {@code adapt} in Keras's order (by frequency, ties from high to low), the special tokens, and the
 * {@code int}, {@code one_hot}, {@code multi_hot} and {@code count} encodings.
 *
 * <p>Indices: without a mask token, 0 is the OOV token and the terms follow from 1; with a mask token ({@code int} mode
 * only), the mask token is 0, OOV 1, the terms from 2. {@link #getVocabulary()} lists them in that order. Options and
 * defaults (Keras's): {@code max_tokens} none (a bound including the special tokens), {@code num_oov_indices} 1 (the only
 * value supported), {@code output_mode} int, {@code pad_to_max_tokens} false; {@code invert} and {@code sparse} are false.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 * @param <K> the term type
 */
public abstract class IndexLookup<L extends IndexLookup<L, K>, K> extends BaseLayer<L> {
  protected static final Option<Integer> MAX_TOKENS = Option.integer("max_tokens")
      .nullable()
      .checked(m -> {
        if (m <= 1)
          throw new IllegalArgumentException(
              "If set, max_tokens must be greater than 1. Received: max_tokens=" + m);
        return m;
      });
  protected static final Option<Integer> NUM_OOV_INDICES = Option.integer("num_oov_indices", 1)
      .checked(n -> {
        if (n != 1)
          throw new IllegalArgumentException(
              "Only num_oov_indices=1 is supported. Received: num_oov_indices=" + n);
        return n;
      });
  protected static final Option<OutputMode> OUTPUT_MODE = Option.mode(
          "output_mode", OutputMode.class, OutputMode.INT)
      .checked(m -> io.tfweave.layers.KerasEnum.check(
          "output_mode",
          m,
          OutputMode.INT,
          OutputMode.ONE_HOT,
          OutputMode.MULTI_HOT,
          OutputMode.COUNT));
  protected static final Option<Boolean> PAD_TO_MAX_TOKENS =
      Option.bool("pad_to_max_tokens", false);
  protected static final Option<Boolean> SPARSE =
      Option.fixed("sparse", false, "Only sparse=false is supported.");
  protected static final Option<Boolean> INVERT =
      Option.fixed("invert", false, "Only invert=false is supported.");
  /** {@code invert}, {@code max_tokens}, {@code num_oov_indices}, {@code output_mode}, {@code sparse}, {@code pad_to_max_tokens}. */
  protected static final List<Option<?>> LOOKUP_OPTIONS =
      Option.list(INVERT, MAX_TOKENS, NUM_OOV_INDICES, OUTPUT_MODE, SPARSE, PAD_TO_MAX_TOKENS);

  /** A lookup with {@code options}, which include {@link #LOOKUP_OPTIONS}. */
  protected IndexLookup(List<Option<?>> options) {
    super(options);
  }

  /** The vocabulary terms without the special tokens. */
  protected abstract List<K> terms();

  /** Sets the vocabulary terms (without special tokens). */
  protected abstract L withTerms(List<K> terms);

  /** The mask token, or null for none. */
  protected abstract K maskToken();

  /** The OOV token. */
  protected abstract K oovToken();

  /** Keras's order of terms (ascending); adapt breaks frequency ties from high to low. */
  protected abstract Comparator<? super K> order();

  /** The index of each of {@code keys} {@code [n]} among the terms plus {@code offset}, or {@code oov}. */
  protected abstract Operand<TInt64> find(Ops tf, Operand<?> keys, long offset, long oov);

  /** Where {@code keys} equal the mask token (called only when there is one). */
  protected abstract Operand<TBool> isMask(Ops tf, Operand<?> keys);

  /** The keys of a model input, checked for the right dtype. */
  protected abstract Operand<?> keys(Ops tf, Operand<?> input);

  /** The largest vocabulary, special tokens included (default: no limit). */
  public L maxTokens(int m) {
    return set(MAX_TOKENS, m);
  }

  /** {@link OutputMode#INT} (default), {@code ONE_HOT}, {@code MULTI_HOT} or {@code COUNT}. */
  public L outputMode(OutputMode m) {
    return set(OUTPUT_MODE, m);
  }

  /** Makes encoded outputs {@code maxTokens} wide whatever the vocabulary size (default false). */
  public L padToMaxTokens(boolean p) {
    return set(PAD_TO_MAX_TOKENS, p);
  }

  @Override
  protected void checkOptions() {
    if (maskToken() != null && get(OUTPUT_MODE) != OutputMode.INT) {
      throw new IllegalArgumentException(
          "mask_token is supported with output_mode 'int' only here. Received: output_mode="
              + get(OUTPUT_MODE).kerasName());
    }
    if (get(PAD_TO_MAX_TOKENS) && get(MAX_TOKENS) == null) {
      throw new IllegalArgumentException(
          "pad_to_max_tokens needs max_tokens. Received: max_tokens=null");
    }
    if (get(MAX_TOKENS) != null && vocabularySize() > get(MAX_TOKENS)) {
      throw new IllegalArgumentException(
          "Attempted to set a vocabulary larger than the maximum vocab size. Received "
              + "vocabulary size is " + vocabularySize() + "; max_tokens is " + get(MAX_TOKENS)
              + ".");
    }
  }

  private List<K> specials() {
    List<K> s = new ArrayList<>();
    if (maskToken() != null) s.add(maskToken());
    s.add(oovToken());
    return s;
  }

  /** {@code terms} without leading special tokens (Keras drops them from a given vocabulary). */
  protected final List<K> withoutSpecials(List<K> terms) {
    List<K> s = specials();
    if (terms.size() >= s.size() && terms.subList(0, s.size()).equals(s))
      terms = terms.subList(s.size(), terms.size());
    Set<K> seen = new HashSet<>();
    for (K t : terms) {
      if (!seen.add(t))
        throw new IllegalArgumentException(
            "The vocabulary must not repeat terms. Received twice: " + t);
    }
    return List.copyOf(terms);
  }

  /** The vocabulary with its special tokens first, so that a term's index is its id (Keras's {@code get_vocabulary()}). */
  public List<K> getVocabulary() {
    List<K> v = specials();
    v.addAll(terms());
    return Collections.unmodifiableList(v);
  }

  /** The number of indices, special tokens included (Keras's {@code vocabulary_size()}). */
  public int vocabularySize() {
    return specials().size() + terms().size();
  }

  /** Builds the vocabulary from {@code data}, keeping the most frequent terms within {@code maxTokens}. */
  public L adapt(Iterable<K> data) {
    TokenCounts<K> counts = new TokenCounts<>(order());
    for (K k : data) counts.add(k);
    int limit = get(MAX_TOKENS) == null ? -1 : get(MAX_TOKENS) - specials().size();
    return withTerms(counts.vocabulary(limit, new HashSet<>(specials())));
  }

  private long depth() {
    return get(PAD_TO_MAX_TOKENS) ? get(MAX_TOKENS) : vocabularySize();
  }

  /** Adds the lookup for {@code input} (keys of any shape in int mode; {@code (batch,)} or {@code (batch, k)} otherwise). */
  public Operand<?> lookup(Ops tf, Operand<?> input) {
    Operand<?> flat = tf.reshape(input, tf.constant(new int[] {-1}));
    boolean masked = maskToken() != null;
    Operand<TInt64> ids = find(tf, flat, specials().size(), masked ? 1 : 0);
    if (masked) ids = tf.select(isMask(tf, flat), tf.zerosLike(ids), ids);
    OutputMode mode = get(OUTPUT_MODE);
    if (mode == OutputMode.INT) return tf.reshape(ids, tf.shape(input, TInt64.class));
    long depth = depth();
    if (mode == OutputMode.ONE_HOT) {
      return tf.reshape(
          tf.oneHot(ids, tf.constant((int) depth), tf.constant(1f), tf.constant(0f)),
          tf.constant(new long[] {-1, depth}));
    }
    long k = input.shape().numDimensions() == 2 ? input.shape().get(1) : 1;
    Operand<TInt64> rows = tf.math.div(
        tf.range(tf.constant(0L), tf.dtypes.cast(tf.size(flat), TInt64.class), tf.constant(1L)),
        tf.constant(k));
    Operand<TInt64> index = tf.stack(List.of(rows, ids), org.tensorflow.op.core.Stack.axis(1L));
    Operand<TInt64> batch =
        tf.math.div(tf.dtypes.cast(tf.size(flat), TInt64.class), tf.constant(k));
    Operand<TFloat32> c = tf.scatterNd(
        index,
        tf.fill(tf.shape(ids, TInt64.class), tf.constant(1f)),
        tf.stack(List.of(batch, tf.constant(depth))));
    if (mode == OutputMode.MULTI_HOT) c = tf.math.minimum(c, tf.constant(1f));
    return tf.reshape(c, tf.constant(new long[] {-1, depth}));
  }

  /** Runs {@link #lookup(Ops, Operand)} on {@code keys} (a 1-D tensor of {@code type}) and copies the result out. */
  protected final <T extends TType> HostArray runLookup(Class<T> type, Tensor keys) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<T> p = tf.placeholder(type, Placeholder.shape(Shape.of(-1)));
      Operand<?> out = lookup(tf, keys(tf, p));
      try (Result r = s.runner().feed(p, keys).fetch(out).run()) {
        long[] shape = r.get(0).shape().asArray();
        if (r.get(0) instanceof TInt64 ids) {
          long[] v = new long[(int) ids.shape().size()];
          ids.copyTo(DataBuffers.of(v, false, false));
          return HostArray.ofInts(Arrays.stream(v).mapToInt(l -> (int) l).toArray(), shape);
        }
        TFloat32 f = (TFloat32) r.get(0);
        float[] v = new float[(int) f.shape().size()];
        f.copyTo(DataBuffers.of(v, false, false));
        return HostArray.ofFloats(v, shape);
      }
    }
  }

  @Override
  public Shape outputShape(Shape in) {
    int rank = in.numDimensions();
    OutputMode mode = get(OUTPUT_MODE);
    if (mode == OutputMode.INT) return in;
    boolean oneHotOk = rank == 1 || (rank == 2 && in.get(1) == 1);
    if (mode == OutputMode.ONE_HOT
        ? !oneHotOk
        : rank > 2 || rank < 1 || (rank == 2 && in.get(1) < 0)) {
      throw shapeError(
          mode == OutputMode.ONE_HOT
              ? "an input of shape (batch,) or (batch, 1) for one_hot"
              : "an input of shape (batch,) or (batch, k) with a known k for " + mode.kerasName(),
          in,
          null);
    }
    return Shape.of(in.get(0), depth());
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return List.of(get(OUTPUT_MODE) == OutputMode.INT ? DType.INT64 : DType.FLOAT32);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    return List.of(lookup(tf, keys(tf, x.get(0))));
  }

  /** Keras's config, with {@code vocabulary_size} (special tokens included). */
  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("vocabulary_size", vocabularySize());
    return c;
  }
}
