/**
 * TensorFlow's on-disk formats, read and written in pure Java without a graph or a session: tensor-bundle checkpoints
 * ({@link io.tfweave.formats.CheckpointReader}, like {@code tf.train.load_checkpoint}), {@code saved_model.pb} summaries
 * ({@link io.tfweave.formats.SavedModelInfo}, like {@code saved_model_cli show}), TFRecord files
 * ({@link io.tfweave.formats.TfRecordReader}, {@link io.tfweave.formats.TfRecordWriter}) and TensorBoard event files
 * ({@link io.tfweave.formats.EventFileReader}). Damaged files raise {@link io.tfweave.formats.CorruptFileException}, which
 * names the file, what was expected and what was found.
 */
package io.tfweave.formats;
