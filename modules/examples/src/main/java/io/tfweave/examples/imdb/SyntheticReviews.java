package io.tfweave.examples.imdb;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import java.util.List;
import java.util.Random;

/**
 * Synthetic "reviews" for running the IMDB workload without the corpus: random token ids in which a few sentiment tokens
 * (ids 4–13 positive, 14–23 negative) decide the label; the rest is noise, padded like Keras's {@code pad_sequences}.
 */
public final class SyntheticReviews {
  private SyntheticReviews() {}

  /** {@code n} padded sequences of {@code maxlen} ids below {@code vocab}. */
  public static Dataset generate(int n, int maxlen, int vocab, long seed) {
    Random r = new Random(seed);
    int[] x = new int[n * maxlen];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int label = r.nextInt(2);
      y[i] = label;
      int length = Math.min(maxlen, 20 + r.nextInt(maxlen));
      int start = maxlen - length;
      for (int t = start; t < maxlen; t++) x[i * maxlen + t] = 24 + r.nextInt(vocab - 24);
      for (int k = 0; k < 4; k++)
        x[i * maxlen + start + r.nextInt(length)] = (label == 1 ? 4 : 14) + r.nextInt(10);
      if (r.nextDouble() < 0.05) y[i] = 1 - label; // label noise, so that overfitting shows
    }
    return Dataset.ofArrays(List.of(HostArray.ofInts(x, n, maxlen)), HostArray.ofFloats(y, n, 1));
  }
}
