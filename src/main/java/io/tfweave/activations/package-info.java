/**
 * Activation functions with Keras's names and formulas ({@code keras.activations}): {@link io.tfweave.activations.Activation}
 * constants such as {@code RELU} and {@code SOFTMAX} for a layer's {@code activation(...)} option, looked up by name with
 * {@link io.tfweave.activations.Activations}. The layer forms are in {@link io.tfweave.layers.activations}.
 */
package io.tfweave.activations;
