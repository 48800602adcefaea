/** Normalization layers ({@code keras.layers} {@code BatchNormalization}). */
package io.tfweave.layers.normalization;
