/**
 * Models ({@code keras.Model}, {@code keras.Sequential}): {@link io.tfweave.models.Model}, a graph of layers that is
 * compiled, trained, evaluated, used for prediction, saved and nested as a layer; {@link io.tfweave.models.Sequential}, its
 * straight-line builder; {@link io.tfweave.models.Freezing} for fine-tuning; and {@link io.tfweave.models.ModelGraphAccess}
 * for tools that add their own ops to a model's graph.
 */
package io.tfweave.models;
