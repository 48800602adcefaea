/**
 * Pooling layers, channels last ({@code keras.layers} {@code MaxPooling1D}, {@code AveragePooling1D},
 * {@code GlobalMaxPooling1D}, {@code GlobalAveragePooling1D}, {@code MaxPooling2D}, {@code AveragePooling2D},
 * {@code GlobalMaxPooling2D}, {@code GlobalAveragePooling2D}).
 */
package io.tfweave.layers.pooling;
