/**
 * Attention layers ({@code keras.layers} {@code MultiHeadAttention}, {@code Attention}, {@code AdditiveAttention}): layers
 * called on several inputs, {@code (query, value[, key])}, that respect the masks of their inputs as Keras does.
 */
package io.tfweave.layers.attention;
