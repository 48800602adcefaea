package io.tfweave.training;

import io.tfweave.graph.Weight;
import java.util.List;

/**
 * What a callback sees of the model being trained ({@link TrainingControl#model()}): its name, weights and their values,
 * and its TensorFlow graph. {@code io.tfweave.models.Model} implements it.
 */
public interface ModelView {
  /** The model's name. */
  String name();

  /** All weights of the model, in model order. */
  List<Weight> weights();

  /** The current value of one weight, row-major. */
  float[] weightValue(Weight w);

  /** The serialized {@code GraphDef} of the model's graph (for TensorBoard's graph view). */
  byte[] graphDef();
}
