package io.tfweave.testing;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import java.util.List;
import java.util.Random;

/** Small synthetic data sets for tests. */
public final class Synthetic {
  private Synthetic() {}

  /**
   * A token task like IMDB: sequences of {@code length} ids in [1, vocab); label-1 samples contain a few ids from
   * [1, 11), label-0 samples a few from [11, 21), the rest is noise from [21, vocab).
   */
  public static Dataset tokens(int n, int length, int vocab, long seed) {
    Random r = new Random(seed);
    int[] x = new int[n * length];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int label = r.nextInt(2);
      y[i] = label;
      for (int t = 0; t < length; t++) x[i * length + t] = 21 + r.nextInt(vocab - 21);
      for (int k = 0; k < 3; k++)
        x[i * length + r.nextInt(length)] = (label == 1 ? 1 : 11) + r.nextInt(10);
    }
    return Dataset.ofArrays(List.of(HostArray.ofInts(x, n, length)), HostArray.ofFloats(y, n));
  }

  /** Gaussian features [n, d] with a linear regression target {@code x·w + b + noise}. */
  public static Dataset linear(int n, float[] w, float b, double noise, long seed) {
    Random r = new Random(seed);
    int d = w.length;
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double s = b;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) r.nextGaussian();
        s += x[i * d + j] * w[j];
      }
      y[i] = (float) (s + noise * r.nextGaussian());
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, d)), HostArray.ofFloats(y, n, 1));
  }
}
