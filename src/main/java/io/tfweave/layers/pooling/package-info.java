/**
 * 2-D pooling layers, channels last ({@code keras.layers} {@code MaxPooling2D}, {@code AveragePooling2D},
 * {@code GlobalMaxPooling2D}, {@code GlobalAveragePooling2D}).
 */
package io.tfweave.layers.pooling;
