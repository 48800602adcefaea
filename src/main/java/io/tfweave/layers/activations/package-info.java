/**
 * Activation layers ({@code keras.layers} {@code Activation}, {@code ReLU}): {@link io.tfweave.layers.activations.ActivationLayer}
 * and {@link io.tfweave.layers.activations.ReLU}. The functions themselves are in {@link io.tfweave.activations}.
 */
package io.tfweave.layers.activations;
