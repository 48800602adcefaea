/**
 * Streaming input pipelines on TensorFlow's own tf.data kernels (Keras's {@code tf.data}): {@link
 * io.tfweave.data.pipeline.Pipeline} describes a source (in-memory arrays, TFRecord files of {@code tf.train.Example}s,
 * ...) and its transformations ({@code map}, {@code shuffle}, {@code batch}, {@code prefetch}, {@code cache}, ...), and
 * {@code Model.fit} reads it from a tf.data iterator inside the model's graph. {@link io.tfweave.data.pipeline.TfRecords}
 * writes TFRecord files of Examples from arrays. {@link io.tfweave.data.pipeline.PipelineDataset} and {@link
 * io.tfweave.data.pipeline.PipelineIterator} are the graph-level pieces, for hand-written training loops.
 */
package io.tfweave.data.pipeline;
