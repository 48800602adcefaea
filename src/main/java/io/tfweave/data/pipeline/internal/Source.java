package io.tfweave.data.pipeline.internal;

/** Where a pipeline's elements come from: adds the reading ops (and a parse function) to a graph. */
public interface Source {
  /** Adds the source's dataset ops. */
  Built build(BuildContext ctx);

  /** The source as Keras would write it, e.g. {@code fromTfRecords([a.tfrecord, b.tfrecord])}. */
  String describe();

  /**
   * True when the source is built once per model graph and kept, rather than once per pass: in-memory arrays, so that
   * they are copied into TensorFlow once and not every epoch.
   */
  default boolean persistent() {
    return false;
  }

  /**
   * This source reading its files interleaved; fails for sources that do not read files one after another (see
   * {@code Pipeline.interleave}).
   */
  default Source interleaved(Interleave i) {
    throw new IllegalStateException(
        "interleave(...) applies to the TFRecord and CSV file sources, not to " + describe());
  }

  /**
   * The source's records before decoding, when it can decode them after the order-only stages that follow it (shuffle,
   * batch, repeat, take, skip, shard; see {@code PipelineDataset}), so that a shuffle buffer holds undecoded records and a
   * batch is decoded by one vectorized call; null (the default) when the source decodes its elements itself.
   */
  default Built buildUndecoded(BuildContext ctx) {
    return null;
  }

  /**
   * Decodes {@code raw} (what {@link #buildUndecoded} returned, after order-only stages): one record per element, or with
   * {@code batched} a vector of records per element (one {@code batch} stage was applied), decoded into batched components.
   */
  default Built decode(BuildContext ctx, Built raw, boolean batched) {
    throw new UnsupportedOperationException(describe() + " decodes its records itself");
  }

  /** A clearer exception for a TensorFlow error raised while reading this source (naming file and record), or null. */
  default RuntimeException explain(RuntimeException error) {
    return null;
  }
}
