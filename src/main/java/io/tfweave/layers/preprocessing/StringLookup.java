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
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Maps string tokens to integer indices, in the graph on string tensors (Keras's {@code StringLookup}); indices, special
 * tokens, modes and {@code adapt} as in {@link IndexLookup}.
 *
 * <p>Defaults (Keras's): no mask token, OOV token {@code [UNK]} at index 0, {@code int} output (int64 of the input's shape).
 * The vocabulary is written to the config under {@code vocabulary}. {@link #lookup(String...)} runs the lookup on Java
 * strings; inside a model the layer needs a string input. Lookups compare 63-bit fingerprints of the tokens
 * ({@code StringToHashBucketFast}) with those of the terms, from constants only (no tables or initializers).
 */
public final class StringLookup extends IndexLookup<StringLookup, String> {
  /** Keras's default OOV token. */
  public static final String OOV_TOKEN_DEFAULT = "[UNK]";

  private static final Option<String> OOV_TOKEN =
      Option.of("oov_token", OOV_TOKEN_DEFAULT, v -> v, Object::toString);
  private static final Option<String> MASK_TOKEN =
      Option.of("mask_token", (String) null, v -> v, Object::toString).nullable();
  private static final Option<List<String>> VOCABULARY = Option.of(
          "vocabulary", (List<String>) null, (List<String> v) -> v, StringLookup::readVocabulary)
      .nullable();
  private static final Option<String> ENCODING =
      Option.fixed("encoding", "utf-8", "Only encoding=utf-8 is supported.");
  private static final List<Option<?>> OPTIONS =
      Option.list(LOOKUP_OPTIONS, OOV_TOKEN, MASK_TOKEN, VOCABULARY, ENCODING);

  /** A lookup with Keras's defaults and no vocabulary yet. */
  public StringLookup() {
    super(OPTIONS);
  }

  private static List<String> readVocabulary(Object raw) {
    List<String> v = new ArrayList<>();
    for (Object o : (List<?>) raw) v.add(o.toString());
    return List.copyOf(v);
  }

  /** The OOV token (default {@code [UNK]}). */
  public StringLookup oovToken(String t) {
    return set(OOV_TOKEN, t);
  }

  /** A mask (padding) token mapped to index 0 (default none; int mode only). */
  public StringLookup maskToken(String t) {
    return set(MASK_TOKEN, t);
  }

  /** Sets the vocabulary terms, most important first; leading special tokens are dropped, as Keras does. */
  public StringLookup vocabulary(String... terms) {
    return set(VOCABULARY, withoutSpecials(Arrays.asList(terms)));
  }

  /** {@link #adapt(Iterable)} on an array of tokens. */
  public StringLookup adapt(String... tokens) {
    return adapt(Arrays.asList(tokens));
  }

  /** The indices of {@code tokens} (int mode: {@code [n]}) or their encodings ({@code [n, depth]}). */
  public HostArray lookup(String... tokens) {
    try (TString t = TString.vectorOf(tokens)) {
      return runLookup(TString.class, t);
    }
  }

  @Override
  protected List<String> terms() {
    return get(VOCABULARY) == null ? List.of() : get(VOCABULARY);
  }

  @Override
  protected StringLookup withTerms(List<String> terms) {
    return set(VOCABULARY, List.copyOf(terms));
  }

  @Override
  protected String maskToken() {
    return get(MASK_TOKEN);
  }

  @Override
  protected String oovToken() {
    return get(OOV_TOKEN);
  }

  @Override
  protected Comparator<? super String> order() {
    return TokenCounts.BYTES;
  }

  @Override
  protected Operand<TInt64> find(Ops tf, Operand<?> keys, long offset, long oov) {
    return TextOps.lookup(tf, keys.asOutput().expect(TString.class), terms(), offset, oov, false);
  }

  @Override
  protected Operand<TBool> isMask(Ops tf, Operand<?> keys) {
    return tf.math.equal(keys.asOutput().expect(TString.class), tf.constant(maskToken()));
  }

  @Override
  protected Operand<?> keys(Ops tf, Operand<?> input) {
    if (input.type() != TString.class) {
      throw new IllegalArgumentException(
          "Layer '" + shownName() + "' (StringLookup) takes string inputs, received "
              + input.type().getSimpleName() + ". Hint: IntegerLookup maps integers.");
    }
    return input;
  }

  /** Rebuilds from a Keras config, with its {@code vocabulary}. */
  public static StringLookup fromConfig(Map<String, Object> c) {
    return new StringLookup().readConfig(c);
  }
}
