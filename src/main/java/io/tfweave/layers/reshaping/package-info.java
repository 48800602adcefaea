/**
 * Layers that change a tensor's shape ({@code keras.layers} {@code Flatten}, {@code Reshape}, {@code UpSampling2D},
 * {@code ZeroPadding2D}).
 */
package io.tfweave.layers.reshaping;
