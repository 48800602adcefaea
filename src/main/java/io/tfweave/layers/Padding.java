package io.tfweave.layers;

/**
 * How convolutions and poolings treat the borders (Keras's {@code padding}): {@link #VALID} uses only windows that fit in
 * the input, {@link #SAME} pads with zeros so that the output has {@code ceil(input / stride)} positions.
 */
public enum Padding implements KerasEnum {
  /** No padding (Keras's default): the output shrinks by the window size minus one. */
  VALID,
  /** Zero padding, evenly on both sides (the extra one at the end): output size {@code ceil(input / stride)}. */
  SAME;

  /** Parses Keras's name ({@code valid} or {@code same}, any case). */
  public static Padding of(String kerasName) { return KerasEnum.parse(Padding.class, "padding", kerasName); }
}
