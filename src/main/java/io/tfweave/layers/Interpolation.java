package io.tfweave.layers;

/**
 * How image layers sample between pixels (Keras's {@code interpolation}), as {@code tf.image.resize} does: half-pixel
 * centers, no antialiasing. Each layer supports some of them and says which.
 */
public enum Interpolation implements KerasEnum {
  /** Linear in both directions. */
  BILINEAR,
  /** The nearest pixel. */
  NEAREST,
  /** Cubic convolution (Keys) in both directions. */
  BICUBIC,
  /** The area-weighted average of the covered pixels. */
  AREA;

  /** Parses Keras's name ({@code bilinear}, {@code nearest}, {@code bicubic} or {@code area}, any case). */
  public static Interpolation of(String kerasName) {
    return KerasEnum.parse(Interpolation.class, "interpolation", kerasName);
  }
}
