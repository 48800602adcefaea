/**
 * Convolution layers, channels last ({@code keras.layers} {@code Conv1D}, {@code Conv2D}, {@code Conv2DTranspose},
 * {@code DepthwiseConv2D}, {@code SeparableConv2D}).
 */
package io.tfweave.layers.convolutional;
