/**
 * Normalization layers ({@code keras.layers} {@code BatchNormalization}, {@code LayerNormalization},
 * {@code GroupNormalization}, {@code UnitNormalization}).
 */
package io.tfweave.layers.normalization;
