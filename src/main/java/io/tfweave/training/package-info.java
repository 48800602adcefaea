/**
 * The training loop behind {@code Model.fit} and {@code evaluate} (Keras's trainer): {@link io.tfweave.training.FitOptions}
 * (the arguments of {@code fit}), {@link io.tfweave.training.History}, the {@link io.tfweave.training.Callback} interface
 * ({@code keras.callbacks.Callback}) and the {@link io.tfweave.training.TrainingControl} a callback uses to stop training or
 * change the learning rate. {@link io.tfweave.training.Trainer} and {@link io.tfweave.training.ModelGraph} connect the loop to
 * the model engine and are not for end users.
 */
package io.tfweave.training;
