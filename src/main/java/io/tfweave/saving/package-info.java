/**
 * Reads TensorFlow's on-disk formats in pure Java: tensor-bundle checkpoints
 * ({@link io.tfweave.saving.CheckpointReader}), {@code saved_model.pb}
 * ({@link io.tfweave.saving.SavedModelInfo}), Keras weight names in TF2 SavedModels
 * ({@link io.tfweave.saving.KerasWeightMap}), TFRecord files and TensorBoard event files
 * ({@link io.tfweave.saving.TfRecordReader}, {@link io.tfweave.saving.TfRecordWriter},
 * {@link io.tfweave.saving.EventFileReader}).
 *
 * <p>Damaged files raise {@link io.tfweave.saving.CorruptFileException}, which names the file,
 * what was expected and what was found.
 */
package io.tfweave.saving;
