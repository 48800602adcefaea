package io.tfweave.data.pipeline;

import org.tensorflow.op.Ops;

/**
 * A per-element transformation for {@link Pipeline#map}: builds, with {@code tf}, the ops that turn one element into
 * another (decode, resize, normalise, select components). It runs once, at graph-building time, inside a TensorFlow
 * function; TensorFlow then applies that function to every element in its own threads.
 *
 * <pre>{@code
 * pipeline.map((tf, e) -> e.with("x", tf.math.div(e.get("x", TFloat32.class), tf.constant(255f))))
 * }</pre>
 *
 * <p>The function has its own graph: use the element's operands and constants, not operands of another graph.
 */
@FunctionalInterface
public interface MapFn {
  /** The ops of the new element, built from {@code element} with {@code tf}. */
  Element apply(Ops tf, Element element);
}
