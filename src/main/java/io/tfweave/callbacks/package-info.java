/**
 * The standard training callbacks ({@code keras.callbacks}): {@link io.tfweave.callbacks.EarlyStopping},
 * {@link io.tfweave.callbacks.ModelCheckpoint}, {@link io.tfweave.callbacks.ReduceLrOnPlateau},
 * {@link io.tfweave.callbacks.LearningRateScheduler}, {@link io.tfweave.callbacks.CsvLogger},
 * {@link io.tfweave.callbacks.TensorBoard}, {@link io.tfweave.callbacks.TerminateOnNaN},
 * {@link io.tfweave.callbacks.BackupAndRestore} and {@link io.tfweave.callbacks.SwapEmaWeights}. The {@code Callback} interface
 * itself is {@link io.tfweave.training.Callback}.
 */
package io.tfweave.callbacks;
