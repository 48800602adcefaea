package io.tfweave.data.internal;

import java.util.List;

/**
 * Reproduces numpy's legacy {@code np.random.RandomState(seed).shuffle(...)} bit for bit.
 *
 * <p>Keras shuffles with this generator in {@code imdb.load_data} and
 * {@code image_dataset_from_directory}, so using it here gives the same sample order as Keras
 * for the same seed. The generator is MT19937 seeded with numpy's {@code mt19937_seed} (Knuth's
 * {@code init_genrand}); {@code shuffle} is numpy's backwards Fisher-Yates that draws each index
 * with {@code random_interval} (mask-and-reject on 32-bit outputs).
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int pos;

  /** Seeds like {@code np.random.RandomState(seed)}; the seed must lie in [0, 2^32 - 1]. */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "seed must be between 0 and 2**32 - 1. Received: seed=" + seed);
    }
    long s = seed;
    for (int i = 0; i < N; i++) {
      mt[i] = (int) s;
      s = (1812433253L * (s ^ (s >>> 30)) + i + 1) & 0xFFFFFFFFL;
    }
    pos = N;
  }

  /** Returns the next raw 32-bit output as an unsigned value. */
  public long nextUint32() {
    if (pos >= N) {
      twist();
    }
    int y = mt[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xFFFFFFFFL;
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      int next = mt[(i + M) % N] ^ (y >>> 1);
      mt[i] = (y & 1) != 0 ? next ^ 0x9908b0df : next;
    }
    pos = 0;
  }

  /** Returns a uniform integer in [0, max] like numpy's {@code random_interval}. */
  public int randomInterval(int max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = nextUint32() & mask;
    } while (value > max);
    return (int) value;
  }

  /** Shuffles {@code values} in place exactly as {@code RandomState.shuffle} does. */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = randomInterval(i);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  /** Shuffles {@code values} in place exactly as {@code RandomState.shuffle} does for a list. */
  public <T> void shuffle(List<T> values) {
    for (int i = values.size() - 1; i > 0; i--) {
      int j = randomInterval(i);
      T t = values.get(i);
      values.set(i, values.get(j));
      values.set(j, t);
    }
  }

  /** Returns {@code 0..n-1} shuffled, the same as {@code np.arange(n)} then {@code shuffle}. */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p);
    return p;
  }
}
