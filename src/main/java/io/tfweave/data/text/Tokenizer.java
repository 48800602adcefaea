package io.tfweave.data.text;

import io.tfweave.internal.DataChecks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits texts into words and maps words to integer indices ranked by frequency, with the
 * semantics of Keras's legacy {@code keras.preprocessing.text.Tokenizer}.
 *
 * <p>{@link #fitOnTexts} counts words; index 1 goes to the most frequent word (or to the
 * {@link #oovToken} when one is set), ties keep the order in which words were first seen, and
 * 0 is never assigned. {@link #textsToSequences} keeps only words whose index is below
 * {@link #numWords} (so the {@code numWords - 1} most frequent), replacing the others by the
 * OOV index when an OOV token is set and dropping them otherwise. Words are found by
 * lowercasing ({@code LOWER_DEFAULT}), turning every character of {@link #FILTERS_DEFAULT}
 * into a space and splitting on spaces.
 *
 * <p>Options must be set before {@code fitOnTexts}.
 */
public final class Tokenizer {
  /** Keras's default {@code filters}: punctuation, tab and newline. */
  public static final String FILTERS_DEFAULT = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";
  /** Keras lowercases texts by default. */
  public static final boolean LOWER_DEFAULT = true;

  private Integer numWords;
  private String filters = FILTERS_DEFAULT;
  private boolean lower = LOWER_DEFAULT;
  private String oovToken;
  private final Map<String, Integer> wordCounts = new LinkedHashMap<>();
  private Map<String, Integer> wordIndex = Map.of();
  private boolean fitted;

  /** Creates a tokenizer that keeps every word, with Keras's default filters. */
  public Tokenizer() {}

  /**
   * Keeps only words whose index is below {@code numWords}: the {@code numWords-1} most
   * frequent.
   */
  public Tokenizer numWords(int numWords) {
    checkNotFitted();
    this.numWords = DataChecks.positive("numWords", numWords);
    return this;
  }

  /** Sets the characters that separate words, in addition to the space. */
  public Tokenizer filters(String filters) {
    checkNotFitted();
    this.filters = DataChecks.notNull("filters", filters);
    return this;
  }

  /** Sets whether texts are lowercased first. */
  public Tokenizer lower(boolean lower) {
    checkNotFitted();
    this.lower = lower;
    return this;
  }

  /** Sets a token that gets index 1 and stands for words outside the vocabulary. */
  public Tokenizer oovToken(String oovToken) {
    checkNotFitted();
    this.oovToken = DataChecks.notNull("oovToken", oovToken);
    return this;
  }

  /** Splits {@code text} into words like Keras's {@code text_to_word_sequence}. */
  public static List<String> textToWordSequence(String text, String filters, boolean lower) {
    String s = lower ? text.toLowerCase(Locale.ROOT) : text;
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= s.length(); i++) {
      boolean separator =
          i == s.length() || s.charAt(i) == ' ' || filters.indexOf(s.charAt(i)) >= 0;
      if (separator) {
        if (start >= 0) {
          words.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    return words;
  }

  /** Counts the words of {@code texts} and builds the word index; call once. */
  public Tokenizer fitOnTexts(Iterable<String> texts) {
    checkNotFitted();
    for (String text : texts) {
      for (String w : words(text)) {
        wordCounts.merge(w, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> ranked = new ArrayList<>(wordCounts.entrySet());
    ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: ties by first use
    Map<String, Integer> index = new LinkedHashMap<>();
    if (oovToken != null) {
      index.put(oovToken, 1);
    }
    for (Map.Entry<String, Integer> e : ranked) {
      index.putIfAbsent(e.getKey(), index.size() + 1);
    }
    wordIndex = Collections.unmodifiableMap(index);
    fitted = true;
    return this;
  }

  /** Returns the index sequence of each text; see the class comment for which words are kept. */
  public int[][] textsToSequences(List<String> texts) {
    int[][] out = new int[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = textToSequence(texts.get(i));
    }
    return out;
  }

  /** Returns the index sequence of one text. */
  public int[] textToSequence(String text) {
    if (!fitted) {
      throw new IllegalStateException("textToSequence() called before fitOnTexts()");
    }
    Integer oov = oovToken == null ? null : wordIndex.get(oovToken);
    List<String> words = words(text);
    int[] seq = new int[words.size()];
    int n = 0;
    for (String w : words) {
      Integer i = wordIndex.get(w);
      if (i != null && (numWords == null || i < numWords)) {
        seq[n++] = i;
      } else if (oov != null) {
        seq[n++] = oov;
      }
    }
    return java.util.Arrays.copyOf(seq, n);
  }

  /** Returns word to index, every fitted word included, in index order. */
  public Map<String, Integer> wordIndex() {
    return wordIndex;
  }

  /** Returns how often each word occurred in the fitted texts, in order of first use. */
  public Map<String, Integer> wordCounts() {
    return Collections.unmodifiableMap(wordCounts);
  }

  private List<String> words(String text) {
    return textToWordSequence(text, filters, lower);
  }

  private void checkNotFitted() {
    if (fitted) {
      throw new IllegalStateException("Tokenizer options must be set before fitOnTexts()");
    }
  }
}
