package io.tfweave.initializers;

import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.ndarray.Shape;

/** Produces the initial values of a weight, computed in Java so that a seed gives the same weights on every platform. */
public interface Initializer {
  /** Row-major values for {@code shape}; {@code rng} is derived from the model seed and the weight path. */
  float[] generate(Shape shape, SplittableRandom rng);

  /** Keras's class name, e.g. {@code GlorotUniform}. */
  String kerasName();

  /** Keras's config (without the seed). */
  default Map<String, Object> config() {
    return Map.of();
  }
}
