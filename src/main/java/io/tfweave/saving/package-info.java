/**
 * SavedModel export and import, and TensorFlow's on-disk formats in pure Java.
 *
 * <p>Round trips: {@link io.tfweave.saving.SavedModelExporter} writes a model's inference graph as a TF Serving SavedModel
 * (signature {@code serving_default}, {@code assets/model.json} with architecture and provenance, atomic, versioned);
 * {@link io.tfweave.saving.SavedModelLoader} ({@code Model.load}) restores it as a trainable model;
 * {@link io.tfweave.saving.WeightImport} loads pretrained weights by name (tfweave, Keras 3 and tf.keras exports, TF2
 * checkpoints) with an {@link io.tfweave.saving.ImportReport}; {@link io.tfweave.saving.SavedModelLayer} runs a TF1- or TF2-style
 * SavedModel signature as a frozen layer; {@link io.tfweave.saving.ModelConfig} is the Keras-style architecture JSON.
 *
 * <p>Formats: tensor-bundle checkpoints ({@link io.tfweave.formats.CheckpointReader}), {@code saved_model.pb}
 * ({@link io.tfweave.formats.SavedModelInfo}), Keras weight names in TF2 SavedModels
 * ({@link io.tfweave.saving.KerasWeightMap}), TFRecord files and TensorBoard event files
 * ({@link io.tfweave.formats.TfRecordReader}, {@link io.tfweave.formats.TfRecordWriter},
 * {@link io.tfweave.formats.EventFileReader}). Damaged files raise {@link io.tfweave.formats.CorruptFileException}, which
 * names the file, what was expected and what was found.
 */
package io.tfweave.saving;

import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.EventFileReader;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.formats.TfRecordReader;
import io.tfweave.formats.TfRecordWriter;
