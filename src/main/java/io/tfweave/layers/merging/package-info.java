/**
 * Layers that merge several inputs into one ({@code keras.layers} {@code Add}, {@code Subtract}, {@code Multiply},
 * {@code Average}, {@code Concatenate}): {@code new Add().apply(x, y)} is how residual connections are written.
 */
package io.tfweave.layers.merging;
