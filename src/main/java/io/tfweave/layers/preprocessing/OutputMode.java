package io.tfweave.layers.preprocessing;

import io.tfweave.layers.KerasEnum;

/**
 * How the categorical preprocessing layers encode their output (Keras's {@code output_mode}); each layer supports some of
 * them and says which.
 */
public enum OutputMode implements KerasEnum {
  /** Integer indices (Discretization's only mode here). */
  INT,
  /** One vector per id, with a 1 at the id. */
  ONE_HOT,
  /** One vector per sample, with a 1 at each id present. */
  MULTI_HOT,
  /** One vector per sample, counting each id. */
  COUNT,
  /** One vector per sample: each id's count times its inverse document frequency. */
  TF_IDF;

  /** Parses Keras's name ({@code int}, {@code one_hot}, {@code multi_hot}, {@code count} or {@code tf_idf}, any case). */
  public static OutputMode of(String kerasName) {
    return KerasEnum.parse(OutputMode.class, "output_mode", kerasName);
  }
}
