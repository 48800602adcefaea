package io.tfweave.layers.preprocessing;

import io.tfweave.layers.KerasEnum;

/**
 * How the geometric augmentations ({@link RandomRotation}, {@link RandomZoom}, {@link RandomTranslation}) fill the pixels
 * that come from outside the image (Keras's {@code fill_mode}).
 */
public enum FillMode implements KerasEnum {
  /** Mirror at the edge, repeating the edge pixel ({@code dcba|abcd|dcba}); Keras's default. */
  REFLECT,
  /** Wrap around to the opposite edge ({@code abcd|abcd|abcd}). */
  WRAP,
  /** A constant, the layer's {@code fillValue} ({@code kkkk|abcd|kkkk}). */
  CONSTANT,
  /** The nearest edge pixel ({@code aaaa|abcd|dddd}). */
  NEAREST;

  /** Parses Keras's name ({@code reflect}, {@code wrap}, {@code constant} or {@code nearest}, any case). */
  public static FillMode of(String kerasName) {
    return KerasEnum.parse(FillMode.class, "fill_mode", kerasName);
  }
}
