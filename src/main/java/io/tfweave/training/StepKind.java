package io.tfweave.training;

/** Which of a step graph's three step ops a batch runs. */
enum StepKind {
  /** The first step of an epoch or evaluation: restarts the metric accumulators with its batch. */
  FIRST,
  /** A later step: adds its batch to the accumulators. */
  NEXT,
  /** The only step of its epoch: leaves the accumulators alone and reports the batch's own values. */
  ONLY;

  static StepKind of(boolean first, boolean only) {
    return only ? ONLY : first ? FIRST : NEXT;
  }
}
