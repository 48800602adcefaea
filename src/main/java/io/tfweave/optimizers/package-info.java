/**
 * Optimizers with Keras's names, defaults and config keys ({@code keras.optimizers}: SGD, RMSprop, Adam, AdamW, Adagrad,
 * Adadelta, Adamax, Nadam, Lion, Ftrl) on TensorFlow's fused training kernels where TensorFlow has them, from {@link
 * io.tfweave.optimizers.Optimizers}, with Keras's base options (clipping, weight decay, EMA, gradient accumulation) on
 * {@link io.tfweave.optimizers.Optimizer}, and learning-rate schedules ({@code keras.optimizers.schedules}) from {@link
 * io.tfweave.optimizers.Schedules}.
 */
package io.tfweave.optimizers;
