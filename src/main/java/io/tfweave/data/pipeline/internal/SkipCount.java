package io.tfweave.data.pipeline.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many elements one {@code ignoreErrors()} stage has skipped, over every read of every pipeline that contains the stage
 * (a pipeline derived from another shares its stages, so {@code fit}'s own derived pipeline counts into the user's).
 */
public final class SkipCount {
  private final AtomicLong skipped = new AtomicLong();

  /** The elements skipped so far. */
  public long get() {
    return skipped.get();
  }

  /** Adds {@code n} newly skipped elements. */
  public void add(long n) {
    skipped.addAndGet(n);
  }

  @Override
  public String toString() {
    return "SkipCount[" + skipped.get() + "]";
  }
}
