/**
 * Optimizers with Keras's names and defaults ({@code keras.optimizers}: SGD, RMSprop, Adam, AdamW) on TensorFlow's fused
 * training kernels, from {@link io.tfweave.optimizers.Optimizers}, and learning-rate schedules
 * ({@code keras.optimizers.schedules}) from {@link io.tfweave.optimizers.Schedules}.
 */
package io.tfweave.optimizers;
