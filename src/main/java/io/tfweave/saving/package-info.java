/**
 * SavedModel export and import, and loading pretrained weights by name.
 *
 * <p>Round trips: {@link io.tfweave.saving.SavedModelExporter} writes a model's inference graph as a TF Serving SavedModel
 * (signature {@code serving_default}, {@code assets/model.json} with architecture and provenance, atomic, versioned);
 * {@link io.tfweave.saving.SavedModelLoader} ({@code Model.load}) restores it as a trainable model;
 * {@link io.tfweave.saving.WeightImport} loads pretrained weights by name (tfweave, Keras 3 and tf.keras exports, TF2
 * checkpoints) with an {@link io.tfweave.saving.ImportReport}, using {@link io.tfweave.saving.KerasWeightMap} for Keras
 * names in TF2 files; {@link io.tfweave.saving.SavedModelLayer} runs a TF1- or TF2-style
 * SavedModel signature as a frozen layer; {@link io.tfweave.saving.ModelConfig} is the Keras-style architecture JSON.
 * Keras's own files: {@link io.tfweave.saving.KerasModelFile} ({@code .keras}, both ways), {@link
 * io.tfweave.saving.KerasWeightsH5} ({@code .weights.h5}, both ways) and {@link io.tfweave.saving.KerasLegacyH5} (Keras 2 /
 * tf_keras {@code .h5}, read).
 *
 * <p>Keras: {@code model.export}, {@code keras.saving.load_model}, {@code load_weights} and {@code keras.layers.TFSMLayer}.
 * The files underneath (checkpoints, {@code saved_model.pb}, TFRecord) are read by {@link io.tfweave.formats}.
 */
package io.tfweave.saving;
