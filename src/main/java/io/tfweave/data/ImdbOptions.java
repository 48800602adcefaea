package io.tfweave.data;

import io.tfweave.internal.DataChecks;

/**
 * Options of {@link Imdb#loadData(java.nio.file.Path, ImdbOptions)}, with the names and
 * defaults of Keras's {@code imdb.load_data}: {@code numWords} (all), {@code skipTop} (0),
 * {@code maxlen} (none), {@code seed} (113), {@code startChar} (1), {@code oovChar} (2) and
 * {@code indexFrom} (3), plus {@code shuffle} (true) to keep the file order instead.
 *
 * <p>Instances are immutable; each option method returns a new instance.
 */
public final class ImdbOptions {
  /** Keras's default shuffling seed. */
  public static final long SEED_DEFAULT = 113;
  /** Keras's default marker at the start of each sequence. */
  public static final int START_CHAR_DEFAULT = 1;
  /** Keras's default index of out-of-vocabulary words. */
  public static final int OOV_CHAR_DEFAULT = 2;
  /** Keras's default offset added to every word index. */
  public static final int INDEX_FROM_DEFAULT = 3;

  private static final ImdbOptions DEFAULTS = new ImdbOptions(
      null, 0, null, SEED_DEFAULT, true, START_CHAR_DEFAULT, OOV_CHAR_DEFAULT, INDEX_FROM_DEFAULT);

  private final Integer numWords;
  private final int skipTop;
  private final Integer maxlen;
  private final long seed;
  private final boolean shuffle;
  private final Integer startChar;
  private final Integer oovChar;
  private final int indexFrom;

  private ImdbOptions(
      Integer numWords,
      int skipTop,
      Integer maxlen,
      long seed,
      boolean shuffle,
      Integer startChar,
      Integer oovChar,
      int indexFrom) {
    this.numWords = numWords;
    this.skipTop = skipTop;
    this.maxlen = maxlen;
    this.seed = seed;
    this.shuffle = shuffle;
    this.startChar = startChar;
    this.oovChar = oovChar;
    this.indexFrom = indexFrom;
  }

  /** Returns Keras's defaults. */
  public static ImdbOptions defaults() {
    return DEFAULTS;
  }

  /** Keeps word indices below {@code numWords} (after the {@code indexFrom} shift). */
  public ImdbOptions numWords(int numWords) {
    return new ImdbOptions(
        DataChecks.positive("numWords", numWords),
        skipTop,
        maxlen,
        seed,
        shuffle,
        startChar,
        oovChar,
        indexFrom);
  }

  /** Turns word indices below {@code skipTop} (after the shift) into {@code oovChar}. */
  public ImdbOptions skipTop(int skipTop) {
    return new ImdbOptions(
        numWords,
        DataChecks.nonNegative("skipTop", skipTop),
        maxlen,
        seed,
        shuffle,
        startChar,
        oovChar,
        indexFrom);
  }

  /** Drops every review whose sequence, start marker included, has {@code maxlen} or more words. */
  public ImdbOptions maxlen(int maxlen) {
    return new ImdbOptions(
        numWords,
        skipTop,
        DataChecks.positive("maxlen", maxlen),
        seed,
        shuffle,
        startChar,
        oovChar,
        indexFrom);
  }

  /** Sets the seed of numpy's {@code RandomState} that shuffles train, then test. */
  public ImdbOptions seed(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "seed must be between 0 and 2**32 - 1. Received: seed=" + seed);
    }
    return new ImdbOptions(numWords, skipTop, maxlen, seed, shuffle, startChar, oovChar, indexFrom);
  }

  /** Whether to shuffle like Keras (default) or keep the order of the file (tfweave only). */
  public ImdbOptions shuffle(boolean shuffle) {
    return new ImdbOptions(numWords, skipTop, maxlen, seed, shuffle, startChar, oovChar, indexFrom);
  }

  /** Sets the marker put before each sequence; {@code null} for none. */
  public ImdbOptions startChar(Integer startChar) {
    return new ImdbOptions(numWords, skipTop, maxlen, seed, shuffle, startChar, oovChar, indexFrom);
  }

  /** Sets the index that replaces cut words; {@code null} removes them instead. */
  public ImdbOptions oovChar(Integer oovChar) {
    return new ImdbOptions(numWords, skipTop, maxlen, seed, shuffle, startChar, oovChar, indexFrom);
  }

  /** Sets the offset added to every word index of the file. */
  public ImdbOptions indexFrom(int indexFrom) {
    return new ImdbOptions(
        numWords,
        skipTop,
        maxlen,
        seed,
        shuffle,
        startChar,
        oovChar,
        DataChecks.nonNegative("indexFrom", indexFrom));
  }

  /** Returns the vocabulary bound, or {@code null} for Keras's "largest index in the data". */
  public Integer numWords() {
    return numWords;
  }

  /** Returns how many of the lowest indices become {@code oovChar}. */
  public int skipTop() {
    return skipTop;
  }

  /** Returns the length bound (exclusive), or {@code null} for none. */
  public Integer maxlen() {
    return maxlen;
  }

  /** Returns the shuffling seed. */
  public long seed() {
    return seed;
  }

  /** Returns whether samples are shuffled. */
  public boolean shuffle() {
    return shuffle;
  }

  /** Returns the start marker, or {@code null}. */
  public Integer startChar() {
    return startChar;
  }

  /** Returns the out-of-vocabulary index, or {@code null} when cut words are removed. */
  public Integer oovChar() {
    return oovChar;
  }

  /** Returns the offset added to every word index. */
  public int indexFrom() {
    return indexFrom;
  }
}
