package io.tfweave.graph;

/** Whether a layer is being called to build the training graph or the inference graph. */
public enum CallMode {
  /** Training sub-graph: dropout and augmentation active, batch statistics for trainable BatchNorm. */
  TRAINING,
  /** Inference sub-graph (predict, evaluate, export): deterministic. */
  INFERENCE;

  /** True for {@link #TRAINING}. */
  public boolean training() {
    return this == TRAINING;
  }
}
