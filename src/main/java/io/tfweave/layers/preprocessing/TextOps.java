package io.tfweave.layers.preprocessing;

import io.tfweave.layers.preprocessing.TextVectorization.Split;
import io.tfweave.layers.preprocessing.TextVectorization.Standardize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.op.strings.StaticRegexReplace;
import org.tensorflow.op.strings.StringNGrams;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.op.strings.UnicodeDecode;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * The graph ops of the text layers on string tensors: Keras's standardization and splitting, the vocabulary lookup and the
 * int / multi-hot / count encodings. Everything is built from constants (no lookup tables, hence no initializers), so a
 * graph that holds them exports and serves as is.
 */
final class TextOps {
  /** Keras's {@code lower_and_strip_punctuation} regex ({@code DEFAULT_STRIP_REGEX}). */
  static final String PUNCTUATION = "[!\"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~\\']";

  private TextOps() {}

  /** Tokens of a batch of texts: the token strings and, for each, its text (row) and its position in the text (col). */
  record Tokens(
      Operand<TString> values, Operand<TInt64> rows, Operand<TInt64> cols, Operand<TInt64> batch) {}

  /** Keras's standardization ({@code tf.strings.lower} is ASCII-only, as in Keras). */
  static Operand<TString> standardize(Ops tf, Operand<TString> x, Standardize s) {
    if (s == Standardize.LOWER || s == Standardize.LOWER_AND_STRIP_PUNCTUATION)
      x = tf.strings.lower(x);
    if (s == Standardize.STRIP_PUNCTUATION || s == Standardize.LOWER_AND_STRIP_PUNCTUATION) {
      x = tf.strings.staticRegexReplace(x, PUNCTUATION, "", StaticRegexReplace.replaceGlobal(true));
    }
    return x;
  }

  /** Splits texts {@code x} [batch] into tokens: on runs of whitespace, into Unicode characters, or not at all. */
  static Tokens split(Ops tf, Operand<TString> x, Split split) {
    Operand<TInt64> batch = tf.dtypes.cast(tf.size(x), TInt64.class);
    if (split == Split.WHITESPACE) {
      StringSplit s = tf.strings.stringSplit(x, tf.constant(""));
      return new Tokens(s.values(), column(tf, s.indices(), 0), column(tf, s.indices(), 1), batch);
    }
    if (split == Split.CHARACTER) {
      UnicodeDecode<TInt64> d = tf.strings.unicodeDecode(x, "UTF-8", TInt64.class);
      Operand<TInt64> n = tf.dtypes.cast(tf.size(d.charValues()), TInt64.class);
      Operand<TInt64> each =
          tf.range(tf.constant(0L), tf.math.add(n, tf.constant(1L)), tf.constant(1L));
      Operand<TString> chars = tf.strings.unicodeEncode(d.charValues(), each, "UTF-8");
      return fromSplits(tf, chars, d.rowSplits(), batch);
    }
    Operand<TInt64> rows = tf.range(tf.constant(0L), batch, tf.constant(1L));
    return new Tokens(x, rows, tf.zerosLike(rows), batch);
  }

  /** Tokens {@code values} grouped into texts by {@code splits} [batch + 1] (text i holds values splits[i]..splits[i+1]). */
  private static Tokens fromSplits(
      Ops tf, Operand<TString> values, Operand<TInt64> splits, Operand<TInt64> batch) {
    Operand<TInt64> n = tf.dtypes.cast(tf.size(values), TInt64.class);
    Operand<TInt64> index = tf.range(tf.constant(0L), n, tf.constant(1L));
    Operand<TInt64> rows = tf.math.sub(
        tf.reshape(
            tf.upperBound(
                tf.expandDims(splits, tf.constant(0)),
                tf.expandDims(index, tf.constant(0)),
                TInt64.class),
            tf.constant(new int[] {-1})),
        tf.constant(1L));
    Operand<TInt64> cols = tf.math.sub(index, tf.gather(splits, rows, tf.constant(0)));
    return new Tokens(values, rows, cols, batch);
  }

  /**
   * Keras's {@code ngrams}: per text, all n-grams of each width in {@code widths} (in that order), joined by a space, as
   * {@code tf.strings.ngrams(tokens, widths, separator=" ")} ({@code StringNGrams}, no padding).
   */
  static Tokens ngrams(Ops tf, Tokens t, List<Long> widths) {
    Operand<TInt64> splits = tf.reshape(
        tf.lowerBound(
            tf.expandDims(t.rows(), tf.constant(0)),
            tf.expandDims(
                tf.range(tf.constant(0L), tf.math.add(t.batch(), tf.constant(1L)), tf.constant(1L)),
                tf.constant(0)),
            TInt64.class),
        tf.constant(new int[] {-1}));
    StringNGrams<TInt64> g =
        tf.strings.stringNGrams(t.values(), splits, " ", widths, "", "", 0L, false);
    return fromSplits(tf, g.ngrams(), g.ngramsSplits(), t.batch());
  }

  /**
   * One TF-IDF weight per id from Keras's {@code idf_weights}: given per term, the OOV id gets their mean (as Keras);
   * given per id (OOV first, as Keras's config writes them), as they are; ids up to {@code depth} beyond them get the mean.
   */
  static float[] idfPerId(float[] w, int terms, int depth) {
    if (w == null) {
      throw new IllegalStateException(
          "TextVectorization in tf_idf mode has no idf_weights. Fix: adapt "
              + "the layer, or give idfWeights(...) with the vocabulary.");
    }
    if (w.length != terms && w.length != terms + 1) {
      throw new IllegalArgumentException("idf_weights must have one weight per vocabulary term ("
          + terms + ") or per id (" + (terms + 1) + "). Received: " + w.length + " weights");
    }
    int start = w.length == terms ? 1 : 0;
    double mean = 0;
    for (int i = 1 - start; i < w.length; i++) mean += w[i];
    mean /= Math.max(1, terms);
    float[] out = new float[depth];
    java.util.Arrays.fill(out, (float) mean);
    System.arraycopy(w, 0, out, start, Math.min(w.length, depth - start));
    return out;
  }

  /** TF-IDF: per-text counts {@code [batch, depth]} times {@code idf} (one weight per id). */
  static Operand<TFloat32> tfIdf(Ops tf, Tokens t, Operand<TInt64> ids, float[] idf) {
    Operand<TFloat32> c = counts(tf, t, ids, idf.length, false);
    return tf.math.mul(c, tf.constant(idf));
  }

  private static Operand<TInt64> column(Ops tf, Operand<TInt64> indices, int c) {
    return tf.reshape(
        tf.slice(indices, tf.constant(new long[] {0, c}), tf.constant(new long[] {-1, 1})),
        tf.constant(new int[] {-1}));
  }

  /**
   * The index of each token in {@code terms} plus {@code offset}, or {@code oov} for tokens not in it; with
   * {@code maskEmpty}, the empty string (Keras's mask token) maps to 0. Tokens and terms are compared by their 63-bit
   * fingerprints ({@code StringToHashBucketFast}), found by binary search among the sorted fingerprints of the terms.
   */
  static Operand<TInt64> lookup(
      Ops tf,
      Operand<TString> tokens,
      List<String> terms,
      long offset,
      long oov,
      boolean maskEmpty) {
    Operand<TInt64> ids;
    if (terms.isEmpty()) {
      ids = tf.fill(tf.shape(tokens, TInt64.class), tf.constant(oov));
    } else {
      int v = terms.size();
      Operand<TInt64> termHash = tf.strings.toHashBucketFast(
          tf.constant(StandardCharsets.UTF_8, terms.toArray(new String[0])), Long.MAX_VALUE);
      TopK<TInt64, TInt32> desc =
          tf.nn.topK(tf.math.neg(termHash), tf.constant(v), TInt32.class, TopK.sorted(true));
      Operand<TInt64> sorted = tf.math.neg(desc.values()); // ascending fingerprints
      Operand<TInt64> tokenHash = tf.strings.toHashBucketFast(tokens, Long.MAX_VALUE);
      Operand<TInt64> pos = tf.reshape(
          tf.lowerBound(
              tf.expandDims(sorted, tf.constant(0)),
              tf.expandDims(tokenHash, tf.constant(0)),
              TInt64.class),
          tf.constant(new int[] {-1}));
      Operand<TInt64> at = tf.math.minimum(pos, tf.constant((long) v - 1));
      Operand<TBool> found = tf.math.equal(tf.gather(sorted, at, tf.constant(0)), tokenHash);
      Operand<TInt64> index = tf.math.add(
          tf.dtypes.cast(tf.gather(desc.indices(), at, tf.constant(0)), TInt64.class),
          tf.constant(offset));
      ids = tf.select(found, index, tf.fill(tf.shape(tokens, TInt64.class), tf.constant(oov)));
    }
    if (maskEmpty) ids = tf.select(tf.math.equal(tokens, tf.constant("")), tf.zerosLike(ids), ids);
    return ids;
  }

  /**
   * The ids as a dense {@code [batch, length]} int64 matrix padded with 0: {@code length} is {@code sequenceLength}
   * (longer texts are truncated at the end, as Keras does) or, when null, the longest text of the batch.
   */
  static Operand<TInt64> dense(Ops tf, Tokens t, Operand<TInt64> ids, Integer sequenceLength) {
    Operand<TInt64> longest = tf.math.add(
        tf.max(
            tf.concat(List.of(t.cols(), tf.constant(new long[] {-1L})), tf.constant(0)),
            tf.constant(0),
            Max.keepDims(false)),
        tf.constant(1L));
    Operand<TInt64> width = sequenceLength == null
        ? longest
        : tf.math.maximum(longest, tf.constant((long) sequenceLength));
    Operand<TInt64> index =
        tf.stack(List.of(t.rows(), t.cols()), org.tensorflow.op.core.Stack.axis(1L));
    Operand<TInt64> out = tf.scatterNd(index, ids, tf.stack(List.of(t.batch(), width)));
    if (sequenceLength == null) return out;
    Operand<TInt64> cut =
        tf.slice(out, tf.constant(new long[] {0, 0}), tf.constant(new long[] {-1, sequenceLength}));
    return tf.reshape(cut, tf.constant(new long[] {-1, sequenceLength}));
  }

  /** Per-text counts {@code [batch, depth]} of each id (multi-hot: capped at 1), float32. */
  static Operand<TFloat32> counts(
      Ops tf, Tokens t, Operand<TInt64> ids, long depth, boolean multiHot) {
    Operand<TInt64> index = tf.stack(List.of(t.rows(), ids), org.tensorflow.op.core.Stack.axis(1L));
    Operand<TFloat32> ones = tf.fill(tf.shape(ids, TInt64.class), tf.constant(1f));
    Operand<TFloat32> c =
        tf.scatterNd(index, ones, tf.stack(List.of(t.batch(), tf.constant(depth))));
    c = multiHot ? tf.math.minimum(c, tf.constant(1f)) : c;
    return tf.reshape(c, tf.constant(new long[] {-1, depth}));
  }

  /** Counts the tokens of the texts in {@code batch} (run through {@code tokens}) and clears it; used by adapt. */
  static void count(
      Session s,
      Placeholder<TString> in,
      TextOps.Tokens tokens,
      List<String> batch,
      TokenCounts<String> counts) {
    if (batch.isEmpty()) return;
    try (TString t = TString.vectorOf(batch.toArray(new String[0]));
        Result r =
            s.runner().feed(in, t).fetch(tokens.values()).fetch(tokens.rows()).run()) {
      TString values = (TString) r.get(0);
      TInt64 rows = (TInt64) r.get(1);
      List<List<String>> documents = new ArrayList<>();
      for (int d = 0; d < batch.size(); d++) documents.add(new ArrayList<>());
      for (long i = 0; i < values.shape().size(); i++) {
        counts.add(values.getObject(i));
        documents.get((int) rows.getLong(i)).add(values.getObject(i));
      }
      documents.forEach(counts::addDocument);
    }
    batch.clear();
  }
}
