/**
 * Weight initializers with Keras's names and defaults ({@code keras.initializers}): {@code glorot_uniform},
 * {@code he_normal}, {@code orthogonal}, {@code zeros}, ... from {@link io.tfweave.initializers.Initializers}. Values are
 * computed in Java, so a seed gives the same weights on every platform.
 */
package io.tfweave.initializers;
