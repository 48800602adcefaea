/**
 * The core layers ({@code keras.layers} {@code Dense}, {@code Embedding}, {@code Masking}, {@code Identity}). {@code Input}
 * is {@link io.tfweave.layers.Input}, beside the layer base.
 */
package io.tfweave.layers.core;
