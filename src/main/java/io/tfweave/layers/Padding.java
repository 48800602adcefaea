package io.tfweave.layers;

/**
 * How convolutions and poolings treat the borders (Keras's {@code padding}): {@link #VALID} uses only windows that fit in
 * the input, {@link #SAME} pads with zeros so that the output has {@code ceil(input / stride)} positions, and
 * {@link #CAUSAL} (1-D convolutions only) pads at the start so that no output sees a later input.
 */
public enum Padding implements KerasEnum {
  /** No padding (Keras's default): the output shrinks by the window size minus one. */
  VALID,
  /** Zero padding, evenly on both sides (the extra one at the end): output size {@code ceil(input / stride)}. */
  SAME,
  /**
   * Zero padding of {@code dilation · (kernel − 1)} at the start of the sequence only (Keras's {@code Conv1D} option for
   * temporal models such as WaveNet): output {@code t} depends on inputs {@code ≤ t}; output size
   * {@code ceil(input / stride)}.
   */
  CAUSAL;

  /** Parses Keras's name ({@code valid} or {@code same}, any case). */
  public static Padding of(String kerasName) {
    return KerasEnum.parse(Padding.class, "padding", kerasName);
  }
}
