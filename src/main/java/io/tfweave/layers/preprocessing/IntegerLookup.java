package io.tfweave.layers.preprocessing;

import io.tfweave.data.HostArray;
import io.tfweave.layers.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Maps integer values (ids, categories, years) to contiguous indices (Keras's {@code IntegerLookup}); indices, special
 * tokens, modes and {@code adapt} as in {@link IndexLookup}.
 *
 * <p>Defaults (Keras's): no mask token, OOV token {@code -1} at index 0, {@code int} output (int64 of the input's shape);
 * {@code vocabulary_dtype} int64. The vocabulary is written to the config under {@code vocabulary}. Input: int32 or int64
 * of any shape in int mode; {@code (batch,)} or {@code (batch, k)} for the encodings.
 */
public final class IntegerLookup extends IndexLookup<IntegerLookup, Long> {
  /** Keras's default OOV token. */
  public static final long OOV_TOKEN_DEFAULT = -1;

  private static final Option<Long> OOV_TOKEN =
      Option.of("oov_token", OOV_TOKEN_DEFAULT, v -> v, raw -> ((Number) raw).longValue());
  private static final Option<Long> MASK_TOKEN = Option.of(
          "mask_token", (Long) null, v -> v, raw -> ((Number) raw).longValue())
      .nullable();
  private static final Option<List<Long>> VOCABULARY = Option.of(
          "vocabulary", (List<Long>) null, (List<Long> v) -> v, IntegerLookup::readVocabulary)
      .nullable();
  private static final Option<String> VOCABULARY_DTYPE =
      Option.fixed("vocabulary_dtype", "int64", "Only vocabulary_dtype=int64 is supported.");
  private static final List<Option<?>> OPTIONS =
      Option.list(LOOKUP_OPTIONS, OOV_TOKEN, MASK_TOKEN, VOCABULARY, VOCABULARY_DTYPE);

  /** A lookup with Keras's defaults and no vocabulary yet. */
  public IntegerLookup() {
    super(OPTIONS);
  }

  private static List<Long> readVocabulary(Object raw) {
    List<Long> v = new ArrayList<>();
    for (Object o : (List<?>) raw) v.add(((Number) o).longValue());
    return List.copyOf(v);
  }

  /** The OOV token (default -1). */
  public IntegerLookup oovToken(long t) {
    return set(OOV_TOKEN, t);
  }

  /** A mask (padding) value mapped to index 0 (default none; int mode only), e.g. 0. */
  public IntegerLookup maskToken(long t) {
    return set(MASK_TOKEN, t);
  }

  /** Sets the vocabulary terms, most important first; leading special tokens are dropped, as Keras does. */
  public IntegerLookup vocabulary(long... terms) {
    return set(VOCABULARY, withoutSpecials(Arrays.stream(terms).boxed().toList()));
  }

  /** {@link #adapt(Iterable)} on an array of values. */
  public IntegerLookup adapt(long... values) {
    return adapt(Arrays.stream(values).boxed().toList());
  }

  /** The indices of {@code values} (int mode: {@code [n]}) or their encodings ({@code [n, depth]}). */
  public HostArray lookup(long... values) {
    try (TInt64 t = TInt64.vectorOf(values)) {
      return runLookup(TInt64.class, t);
    }
  }

  @Override
  protected List<Long> terms() {
    return get(VOCABULARY) == null ? List.of() : get(VOCABULARY);
  }

  @Override
  protected IntegerLookup withTerms(List<Long> terms) {
    return set(VOCABULARY, List.copyOf(terms));
  }

  @Override
  protected Long maskToken() {
    return get(MASK_TOKEN);
  }

  @Override
  protected Long oovToken() {
    return get(OOV_TOKEN);
  }

  @Override
  protected Comparator<? super Long> order() {
    return Comparator.naturalOrder();
  }

  /** Binary search among the terms sorted on the host, then the term's index. */
  @Override
  protected Operand<TInt64> find(Ops tf, Operand<?> keys, long offset, long oov) {
    Operand<TInt64> k = keys.asOutput().expect(TInt64.class);
    List<Long> terms = terms();
    if (terms.isEmpty()) return tf.fill(tf.shape(k, TInt64.class), tf.constant(oov));
    Integer[] byValue = new Integer[terms.size()];
    for (int i = 0; i < byValue.length; i++) byValue[i] = i;
    Arrays.sort(byValue, Comparator.comparing(terms::get));
    long[] sorted = new long[byValue.length];
    long[] index = new long[byValue.length];
    for (int i = 0; i < byValue.length; i++) {
      sorted[i] = terms.get(byValue[i]);
      index[i] = byValue[i] + offset;
    }
    Operand<TInt64> table = tf.constant(sorted);
    Operand<TInt64> pos = tf.reshape(
        tf.lowerBound(
            tf.expandDims(table, tf.constant(0)), tf.expandDims(k, tf.constant(0)), TInt64.class),
        tf.constant(new int[] {-1}));
    Operand<TInt64> at = tf.math.minimum(pos, tf.constant((long) sorted.length - 1));
    Operand<TBool> found = tf.math.equal(tf.gather(table, at, tf.constant(0)), k);
    return tf.select(
        found,
        tf.gather(tf.constant(index), at, tf.constant(0)),
        tf.fill(tf.shape(k, TInt64.class), tf.constant(oov)));
  }

  @Override
  protected Operand<TBool> isMask(Ops tf, Operand<?> keys) {
    return tf.math.equal(
        keys.asOutput().expect(TInt64.class), tf.constant(maskToken().longValue()));
  }

  @Override
  protected Operand<?> keys(Ops tf, Operand<?> input) {
    if (input.type() == TFloat32.class) {
      throw new IllegalArgumentException(
          "Layer '" + shownName() + "' (IntegerLookup) takes integer inputs, received "
              + "float32. Hint: declare the model input as Input.of(DType.INT32, ...).");
    }
    return input.type() == TInt64.class ? input : tf.dtypes.cast(input, TInt64.class);
  }

  /** Rebuilds from a Keras config, with its {@code vocabulary}. */
  public static IntegerLookup fromConfig(Map<String, Object> c) {
    return new IntegerLookup().readConfig(c);
  }
}
