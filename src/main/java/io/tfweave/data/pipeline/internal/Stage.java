package io.tfweave.data.pipeline.internal;

/** One transformation of a pipeline (map, shuffle, batch, ...): adds its dataset op on top of the input dataset. */
public interface Stage {
  /** Adds the stage's op on top of {@code in}. */
  Built apply(BuildContext ctx, Built in);

  /** The stage as Keras would write it, e.g. {@code batch(32)}. */
  String describe();

  /** True for {@code cache()}: what comes before it is built once and kept across passes. */
  default boolean caches() {
    return false;
  }
}
