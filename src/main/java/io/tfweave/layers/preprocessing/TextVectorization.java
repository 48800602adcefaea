package io.tfweave.layers.preprocessing;

import io.tfweave.data.HostArray;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.KerasEnum;
import io.tfweave.layers.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Turns raw text into token ids or bag-of-words vectors, in the TensorFlow graph on string tensors (Keras's
 * {@code TextVectorization}): standardize ({@code lower_and_strip_punctuation} by default), split (on whitespace by default),
 * look each token up in the vocabulary, and encode.
 *
 * <p>The vocabulary comes from {@link #adapt} (Keras's order: by frequency, ties by the token's bytes from high to low) or
 * from {@link #vocabulary(String...)}, and is written to the config under {@code vocabulary}. {@link #getVocabulary()} lists
 * it with the special tokens, so a term's position is its id: in {@code int} mode index 0 is the padding (mask) token
 * {@code ""} and 1 the out-of-vocabulary token {@code [UNK]}; in {@code multi_hot} and {@code count} modes index 0 is
 * {@code [UNK]}. {@code maxTokens} bounds the vocabulary including the special tokens.
 *
 * <p>Output: {@code int} (default), int64 ids {@code (batch, outputSequenceLength)} padded with 0 and truncated at the end
 * (without a length: {@code (batch, longest text)}); {@code multi_hot} or {@code count}, float32
 * {@code (batch, vocabularySize)} (or {@code maxTokens} with {@code padToMaxTokens}); {@code tf_idf}, counts times the
 * inverse document frequencies {@code log(1 + documents / (1 + documents with the term))} found by {@code adapt} (the
 * OOV weight is their mean, as in Keras) or given with {@link #idfWeights}. {@code ngrams(n)} adds, after a text's
 * tokens, its 2- to n-grams joined by a space (Keras's {@code tf.strings.ngrams}). Input shape: {@code (batch,)} or
 * {@code (batch, 1)} strings. The ops use constants only (no lookup tables or initializers). {@link #vectorize(String...)}
 * runs them on Java strings, e.g. to preprocess a dataset; inside a model the layer needs a string model input.
 * Not supported: {@code ngrams} as a tuple of widths, {@code one_hot} mode, sparse or ragged outputs.
 */
public final class TextVectorization extends BaseLayer<TextVectorization> {
  /** Keras's padding (mask) token, index 0 in {@code int} mode. */
  public static final String MASK_TOKEN = "";
  /** Keras's out-of-vocabulary token. */
  public static final String OOV_TOKEN = "[UNK]";

  /** How texts are standardized before splitting (Keras's {@code standardize}; {@code NONE} is Keras's {@code None}). */
  public enum Standardize implements KerasEnum {
    LOWER_AND_STRIP_PUNCTUATION,
    LOWER,
    STRIP_PUNCTUATION,
    NONE
  }

  /** How texts are split into tokens (Keras's {@code split}; {@code NONE}: each text is one token). */
  public enum Split implements KerasEnum {
    WHITESPACE,
    CHARACTER,
    NONE
  }

  private static final Option<Integer> MAX_TOKENS = Option.integer("max_tokens")
      .nullable()
      .checked(m -> {
        if (m <= 1)
          throw new IllegalArgumentException(
              "If set, max_tokens must be greater than 1. Received: max_tokens=" + m);
        return m;
      });
  private static final Option<Standardize> STANDARDIZE = Option.of(
          "standardize",
          Standardize.LOWER_AND_STRIP_PUNCTUATION,
          (Standardize s) -> s == Standardize.NONE ? null : s.kerasName(),
          raw -> KerasEnum.parse(Standardize.class, "standardize", raw.toString()))
      .whenNull(Standardize.NONE);
  private static final Option<Split> SPLIT = Option.of(
          "split",
          Split.WHITESPACE,
          (Split s) -> s == Split.NONE ? null : s.kerasName(),
          raw -> KerasEnum.parse(Split.class, "split", raw.toString()))
      .whenNull(Split.NONE);
  private static final Option<Integer> NGRAMS = Option.integer("ngrams")
      .nullable()
      .checked(n -> io.tfweave.internal.Checks.positive("ngrams", n));
  private static final Option<OutputMode> OUTPUT_MODE = Option.mode(
          "output_mode", OutputMode.class, OutputMode.INT)
      .checked(m -> KerasEnum.check(
          "output_mode",
          m,
          OutputMode.INT,
          OutputMode.MULTI_HOT,
          OutputMode.COUNT,
          OutputMode.TF_IDF));
  private static final Option<Integer> OUTPUT_SEQUENCE_LENGTH = Option.integer(
          "output_sequence_length")
      .nullable()
      .checked(l -> io.tfweave.internal.Checks.positive("outputSequenceLength", l));
  private static final Option<Boolean> PAD_TO_MAX_TOKENS = Option.bool("pad_to_max_tokens", false);
  private static final Option<Boolean> SPARSE =
      Option.fixed("sparse", false, "Only sparse=false is supported.");
  private static final Option<Boolean> RAGGED =
      Option.fixed("ragged", false, "Only ragged=false is supported.");
  private static final Option<List<String>> VOCABULARY = Option.of(
          "vocabulary",
          (List<String>) null,
          (List<String> v) -> v,
          TextVectorization::readVocabulary)
      .nullable();
  private static final Option<float[]> IDF_WEIGHTS = Option.floats("idf_weights");
  private static final Option<String> ENCODING =
      Option.fixed("encoding", "utf-8", "Only encoding=utf-8 is supported.");
  private static final List<Option<?>> OPTIONS = Option.list(
      MAX_TOKENS,
      STANDARDIZE,
      SPLIT,
      NGRAMS,
      OUTPUT_MODE,
      OUTPUT_SEQUENCE_LENGTH,
      PAD_TO_MAX_TOKENS,
      SPARSE,
      RAGGED,
      VOCABULARY,
      IDF_WEIGHTS,
      ENCODING);
  private static final int ADAPT_BATCH = 1024;

  /** A layer with Keras's defaults: lower case without punctuation, whitespace split, {@code int} output. */
  public TextVectorization() {
    super(OPTIONS);
  }

  private static List<String> readVocabulary(Object raw) {
    List<String> v = new ArrayList<>();
    for (Object o : (List<?>) raw) v.add(o.toString());
    return List.copyOf(v);
  }

  /** The largest vocabulary, special tokens included (default: no limit). */
  public TextVectorization maxTokens(int m) {
    return set(MAX_TOKENS, m);
  }

  /** The standardization (default {@link Standardize#LOWER_AND_STRIP_PUNCTUATION}). */
  public TextVectorization standardize(Standardize s) {
    return set(STANDARDIZE, s);
  }

  /** The split (default {@link Split#WHITESPACE}). */
  public TextVectorization split(Split s) {
    return set(SPLIT, s);
  }

  /** {@link OutputMode#INT} (default), {@link OutputMode#MULTI_HOT}, {@link OutputMode#COUNT} or {@link OutputMode#TF_IDF}. */
  public TextVectorization outputMode(OutputMode m) {
    return set(OUTPUT_MODE, m);
  }

  /** Adds the 2- to {@code n}-grams of each text's tokens to its tokens (Keras's {@code ngrams=n}; default none). */
  public TextVectorization ngrams(int n) {
    return set(NGRAMS, n);
  }

  /**
   * The TF-IDF weights of a given vocabulary, one per term, or one per id with the OOV weight first (Keras's
   * {@code idf_weights}; {@code tf_idf} mode only).
   */
  public TextVectorization idfWeights(float... w) {
    return set(IDF_WEIGHTS, w.clone());
  }

  /** Pads or truncates {@code int} outputs to this many tokens (default: the longest text of each batch). */
  public TextVectorization outputSequenceLength(int l) {
    return set(OUTPUT_SEQUENCE_LENGTH, l);
  }

  /** Makes multi-hot and count outputs {@code maxTokens} wide whatever the vocabulary size (default false). */
  public TextVectorization padToMaxTokens(boolean p) {
    return set(PAD_TO_MAX_TOKENS, p);
  }

  /**
   * Sets the vocabulary terms, most important first (Keras's {@code vocabulary} / {@code set_vocabulary}); leading special
   * tokens ({@code "", "[UNK]"} in int mode, {@code "[UNK]"} otherwise) are dropped, as Keras does.
   */
  public TextVectorization vocabulary(String... terms) {
    return set(VOCABULARY, withoutSpecials(Arrays.asList(terms)));
  }

  @Override
  protected void checkOptions() {
    if (get(OUTPUT_SEQUENCE_LENGTH) != null && get(OUTPUT_MODE) != OutputMode.INT) {
      throw new IllegalArgumentException(
          "output_sequence_length must not be set if output_mode is not 'int'. Received: "
              + "output_sequence_length=" + get(OUTPUT_SEQUENCE_LENGTH) + " and output_mode="
              + get(OUTPUT_MODE).kerasName());
    }
    if (get(PAD_TO_MAX_TOKENS) && get(MAX_TOKENS) == null) {
      throw new IllegalArgumentException(
          "pad_to_max_tokens needs max_tokens. Received: max_tokens=null");
    }
    checkIdfWeights();
    List<String> v = get(VOCABULARY);
    if (v != null && get(MAX_TOKENS) != null && v.size() + specials().size() > get(MAX_TOKENS)) {
      throw new IllegalArgumentException(
          "Attempted to set a vocabulary larger than the maximum vocab size. Received "
              + "vocabulary size is " + (v.size() + specials().size()) + "; max_tokens is "
              + get(MAX_TOKENS) + ".");
    }
  }

  private void checkIdfWeights() {
    if (get(IDF_WEIGHTS) != null && get(OUTPUT_MODE) != OutputMode.TF_IDF) {
      throw new IllegalArgumentException(
          "idf_weights should only be set if output_mode is 'tf_idf'. Received: output_mode="
              + get(OUTPUT_MODE).kerasName());
    }
  }

  private List<String> specials() {
    return get(OUTPUT_MODE) == OutputMode.INT ? List.of(MASK_TOKEN, OOV_TOKEN) : List.of(OOV_TOKEN);
  }

  private List<String> withoutSpecials(List<String> terms) {
    List<String> s = specials();
    if (terms.size() >= s.size() && terms.subList(0, s.size()).equals(s))
      terms = terms.subList(s.size(), terms.size());
    return List.copyOf(terms);
  }

  private List<String> terms() {
    return get(VOCABULARY) == null ? List.of() : get(VOCABULARY);
  }

  /** The vocabulary with its special tokens first, so that a term's index is its id (Keras's {@code get_vocabulary()}). */
  public List<String> getVocabulary() {
    List<String> v = new ArrayList<>(specials());
    v.addAll(terms());
    return Collections.unmodifiableList(v);
  }

  /** The number of ids, special tokens included (Keras's {@code vocabulary_size()}). */
  public int vocabularySize() {
    return specials().size() + terms().size();
  }

  /**
   * Builds the vocabulary from {@code texts} with this layer's standardization and split (the same graph ops as the layer),
   * keeping the {@code maxTokens} − specials most frequent tokens; replaces any vocabulary set before.
   */
  public TextVectorization adapt(Iterable<String> texts) {
    TokenCounts<String> counts = new TokenCounts<>(TokenCounts.BYTES);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TString> in = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      TextOps.Tokens tokens = tokens(tf, in);
      List<String> batch = new ArrayList<>();
      for (String t : texts) {
        batch.add(t);
        if (batch.size() == ADAPT_BATCH) TextOps.count(s, in, tokens, batch, counts);
      }
      TextOps.count(s, in, tokens, batch, counts);
    }
    int limit = get(MAX_TOKENS) == null ? -1 : get(MAX_TOKENS) - specials().size();
    List<String> vocabulary = counts.vocabulary(limit, Set.of(MASK_TOKEN, OOV_TOKEN));
    if (get(OUTPUT_MODE) != OutputMode.TF_IDF) return set(VOCABULARY, vocabulary);
    double[] idf = counts.idf(vocabulary);
    float[] w = new float[idf.length];
    for (int i = 0; i < w.length; i++) w[i] = (float) idf[i];
    set(VOCABULARY, vocabulary);
    return set(IDF_WEIGHTS, w);
  }

  private TextOps.Tokens tokens(Ops tf, Operand<TString> texts) {
    TextOps.Tokens t =
        TextOps.split(tf, TextOps.standardize(tf, texts, get(STANDARDIZE)), get(SPLIT));
    if (get(NGRAMS) == null) return t;
    List<Long> widths = new ArrayList<>();
    for (long n = 1; n <= get(NGRAMS); n++) widths.add(n);
    return TextOps.ngrams(tf, t, widths);
  }

  /** {@link #adapt(Iterable)} on an array of texts. */
  public TextVectorization adapt(String... texts) {
    return adapt(Arrays.asList(texts));
  }

  /** Adds the layer's ops for {@code texts} {@code [batch]}: int64 ids (int mode) or float32 multi-hot / count / tf-idf vectors. */
  public Operand<?> vectorize(Ops tf, Operand<TString> texts) {
    TextOps.Tokens t = tokens(tf, texts);
    boolean intMode = get(OUTPUT_MODE) == OutputMode.INT;
    long start = specials().size();
    Operand<TInt64> ids = TextOps.lookup(tf, t.values(), terms(), start, start - 1, intMode);
    if (intMode) return TextOps.dense(tf, t, ids, get(OUTPUT_SEQUENCE_LENGTH));
    if (get(OUTPUT_MODE) == OutputMode.TF_IDF) {
      float[] idf = TextOps.idfPerId(get(IDF_WEIGHTS), terms().size(), (int) depth());
      return TextOps.tfIdf(tf, t, ids, idf);
    }
    return TextOps.counts(tf, t, ids, depth(), get(OUTPUT_MODE) == OutputMode.MULTI_HOT);
  }

  private long depth() {
    return get(PAD_TO_MAX_TOKENS) ? get(MAX_TOKENS) : vocabularySize();
  }

  /**
   * Vectorizes Java strings with the layer's graph ops: ids {@code [texts, length]} (int mode) or vectors
   * {@code [texts, depth]}, ready to feed a model ({@code Dataset.ofArrays(List.of(tv.vectorize(texts)), labels)}).
   */
  public HostArray vectorize(String... texts) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TString> in = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<?> out = vectorize(tf, in);
      try (TString t = TString.vectorOf(texts);
          Result r = s.runner().feed(in, t).fetch(out).run()) {
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
    if (in.numDimensions() > 2
        || in.numDimensions() < 1
        || (in.numDimensions() == 2 && in.get(1) != 1)) {
      throw shapeError("texts of shape (batch,) or (batch, 1)", in, null);
    }
    if (get(OUTPUT_MODE) == OutputMode.INT) {
      return Shape.of(
          in.get(0), get(OUTPUT_SEQUENCE_LENGTH) == null ? -1 : get(OUTPUT_SEQUENCE_LENGTH));
    }
    return Shape.of(in.get(0), depth());
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return List.of(get(OUTPUT_MODE) == OutputMode.INT ? DType.INT64 : DType.FLOAT32);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<?> in = x.get(0);
    if (in.type() != TString.class) {
      throw new IllegalArgumentException("Layer '" + shownName()
          + "' (TextVectorization) takes string inputs, received " + in.type().getSimpleName()
          + ". Hint: vectorize(String...) turns Java strings into ids for a model.");
    }
    return List.of(vectorize(
        tf, tf.reshape(in.asOutput().expect(TString.class), tf.constant(new int[] {-1}))));
  }

  /** Keras's config, with {@code vocabulary_size} (special tokens included). */
  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("vocabulary_size", vocabularySize());
    return c;
  }

  /** Rebuilds from a Keras config, with its {@code vocabulary}. */
  public static TextVectorization fromConfig(Map<String, Object> c) {
    return new TextVectorization().readConfig(c);
  }
}
