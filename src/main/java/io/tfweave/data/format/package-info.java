/**
 * Readers for the file formats behind the datasets: numpy {@code .npy}/{@code .npz}
 * ({@link io.tfweave.data.format.Npy}, {@link io.tfweave.data.format.Npz}), Python pickles as
 * numpy writes them for object arrays ({@link io.tfweave.data.format.Pickle}, which never runs
 * code) and IDX ({@link io.tfweave.data.format.Idx}, MNIST's format). Keras reads these through numpy; TensorFlow's own
 * formats are in {@link io.tfweave.formats}.
 */
package io.tfweave.data.format;
