package io.tfweave.data;

/**
 * Ragged integer sequences (for example word indices of reviews) with one integer label each,
 * the Java form of Keras's {@code (x, y)} pair of a text dataset.
 *
 * <p>Use {@link Sequences#padSequences} to turn {@code sequences} into a rectangular array.
 *
 * @param sequences one {@code int[]} per sample, of varying lengths
 * @param labels one label per sample
 */
public record LabeledSequences(int[][] sequences, int[] labels) {
  /** Checks there is one label per sequence. */
  public LabeledSequences {
    if (sequences == null || labels == null || sequences.length != labels.length) {
      throw new IllegalArgumentException("sequences and labels must have the same length."
          + " Received: sequences.length=" + (sequences == null ? "null" : sequences.length)
          + ", labels.length=" + (labels == null ? "null" : labels.length));
    }
  }

  /** Returns the number of samples. */
  public int size() {
    return labels.length;
  }
}
