package io.tfweave.layers.recurrent;

import io.tfweave.layers.KerasEnum;

/** How {@link Bidirectional} combines the forward and backward outputs (Keras's {@code merge_mode}). */
public enum MergeMode implements KerasEnum {
  /** Concatenated on the last axis (Keras's default), doubling its size. */
  CONCAT,
  /** Added. */
  SUM,
  /** Multiplied element-wise. */
  MUL,
  /** Averaged. */
  AVE;

  /** Parses Keras's name ({@code concat}, {@code sum}, {@code mul} or {@code ave}, any case). */
  public static MergeMode of(String kerasName) {
    return KerasEnum.parse(MergeMode.class, "merge_mode", kerasName);
  }
}
