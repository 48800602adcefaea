/**
 * Tools to test layers, tfweave's own and users': {@link io.tfweave.testing.LayerTester}, the conformance check every layer
 * should pass (shapes, weight counts, config round trip, training, freezing; Keras's {@code run_layer_test}), and
 * {@link io.tfweave.testing.GradientCheck}, which compares analytic gradients with finite differences (like
 * {@code tf.test.compute_gradient}) and returns a {@link io.tfweave.testing.GradientReport}. Both throw
 * {@link java.lang.AssertionError} on failure and need no test framework at run time.
 */
package io.tfweave.testing;
