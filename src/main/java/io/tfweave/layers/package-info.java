/**
 * The layer abstraction ({@code keras.layers.Layer}, {@code keras.Input}, {@code KerasTensor}): {@link io.tfweave.layers.Layer},
 * {@link io.tfweave.layers.Input}, {@link io.tfweave.layers.SymbolicTensor} and {@link io.tfweave.layers.Node}, plus
 * {@link io.tfweave.layers.LayerRegistry} and the {@link io.tfweave.layers.LayerProvider} service that rebuild layers from
 * their configs (Keras's {@code register_keras_serializable}).
 *
 * <p>The layers themselves live in sub-packages named after Keras's families, as {@code keras/src/layers/} has them:
 * {@link io.tfweave.layers.core}, {@link io.tfweave.layers.convolutional}, {@link io.tfweave.layers.pooling},
 * {@link io.tfweave.layers.recurrent}, {@link io.tfweave.layers.normalization}, {@link io.tfweave.layers.regularization},
 * {@link io.tfweave.layers.reshaping}, {@link io.tfweave.layers.merging}, {@link io.tfweave.layers.activations},
 * {@link io.tfweave.layers.preprocessing}, and tfweave's own {@link io.tfweave.layers.quadratic}.
 */
package io.tfweave.layers;
