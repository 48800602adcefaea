package io.tfweave.graph;

/** Something that holds the live values of weights (a model's TensorFlow session). */
public interface WeightStore {
  /** Reads the current value of {@code w} (row-major). */
  float[] read(Weight w);

  /** False once the store has been closed; its values can no longer be read. */
  boolean isOpen();
}
