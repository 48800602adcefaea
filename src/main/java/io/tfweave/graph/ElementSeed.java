package io.tfweave.graph;

import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.types.TInt64;

/**
 * A seed for each element of an input pipeline: while a pipeline's map function is built, random ops (the augmentation
 * layers' draws) may ask for it and then draw statelessly from it, so that every element and every pass over the data
 * (every epoch) gets its own draws, reproducibly, even when TensorFlow maps elements in parallel. The pipeline then feeds
 * each element a fresh {@code int64[2]} seed drawn from the pass number.
 */
public final class ElementSeed {
  private static final ThreadLocal<Supplier<Operand<TInt64>>> SOURCE = new ThreadLocal<>();

  private ElementSeed() {}

  /** The element's seed ({@code int64[2]}) in the function being built, or null outside a pipeline's map function. */
  public static Operand<TInt64> current() {
    Supplier<Operand<TInt64>> s = SOURCE.get();
    return s == null ? null : s.get();
  }

  /** Runs {@code body} with {@code seed} as the source of {@link #current} on this thread. */
  public static <T> T with(Supplier<Operand<TInt64>> seed, Supplier<T> body) {
    Supplier<Operand<TInt64>> before = SOURCE.get();
    SOURCE.set(seed);
    try {
      return body.get();
    } finally {
      SOURCE.set(before);
    }
  }
}
