package io.tfweave.graph;

import java.util.OptionalLong;
import java.util.Random;

/**
 * The process-wide seed that models and data utilities draw their seeds from when they are given none of their own, set by
 * {@code io.tfweave.utils.Utils.setRandomSeed} (Keras's {@code keras.utils.set_random_seed}).
 *
 * <p>Once set, every draw takes the next value of one sequence seeded with it, as Keras's global generator does: a program
 * that builds its models and datasets in the same order gets the same seeds on every run, and two models built one after
 * the other still start from different weights. Setting the seed again restarts the sequence. Unset (the default), callers
 * fall back to a random seed. An explicit seed ({@code Model.seed}, {@code FitOptions.seed}) always wins and draws nothing.
 * Safe to call from several threads; the order of draws across threads is then theirs.
 */
public final class RandomSeeds {
  private static Random sequence;

  private RandomSeeds() {}

  /** Seeds the sequence (restarting it when already set). */
  public static synchronized void set(long seed) {
    sequence = new Random(seed);
  }

  /** Unsets the global seed, so that draws fall back to random seeds again. */
  public static synchronized void clear() {
    sequence = null;
  }

  /** True while a global seed is set. */
  public static synchronized boolean isSet() {
    return sequence != null;
  }

  /** The next seed in {@code [0, bound)} from the seeded sequence, or empty when no global seed is set. */
  public static synchronized OptionalLong next(long bound) {
    if (bound <= 0)
      throw new IllegalArgumentException(
          "bound must be a positive number. Received: bound=" + bound);
    return sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence.nextLong(bound));
  }
}
