package io.tfweave.layers.preprocessing;

import io.tfweave.layers.KerasEnum;

/** Which flips {@link RandomFlip} draws (Keras's {@code mode}). */
public enum FlipMode implements KerasEnum {
  /** Left-right flips. */
  HORIZONTAL,
  /** Up-down flips. */
  VERTICAL,
  /** Both, drawn independently (Keras's default). */
  HORIZONTAL_AND_VERTICAL;

  /** Parses Keras's name ({@code horizontal}, {@code vertical} or {@code horizontal_and_vertical}, any case). */
  public static FlipMode of(String kerasName) {
    return KerasEnum.parse(FlipMode.class, "mode", kerasName);
  }
}
