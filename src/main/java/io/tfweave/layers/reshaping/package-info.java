/**
 * Layers that change a tensor's shape ({@code keras.layers} {@code Flatten}, {@code Reshape}, {@code Permute},
 * {@code RepeatVector}, {@code UpSampling1D}, {@code UpSampling2D}, {@code ZeroPadding1D}, {@code ZeroPadding2D},
 * {@code Cropping1D}, {@code Cropping2D}).
 */
package io.tfweave.layers.reshaping;
