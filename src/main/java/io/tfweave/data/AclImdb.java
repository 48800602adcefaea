package io.tfweave.data;

import java.util.Map;

/**
 * The IMDB reviews read from the raw {@code aclImdb/} folder: tokenised train and test reviews
 * with labels (1 positive, 0 negative) and the word index fitted on the training reviews.
 *
 * @param train the 25,000 training reviews (negatives first, then positives, by file name)
 * @param test the 25,000 test reviews, in the same order
 * @param wordIndex every training word mapped to its frequency rank (1 = most frequent)
 */
public record AclImdb(
    LabeledSequences train, LabeledSequences test, Map<String, Integer> wordIndex) {
  /** Copies the word index into an unmodifiable map that keeps its rank order. */
  public AclImdb {
    wordIndex = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(wordIndex));
  }
}
