/**
 * Streaming metrics with Keras's names and semantics ({@code keras.metrics}), accumulated inside the graph over an epoch:
 * accuracy, AUC, ... from {@link io.tfweave.metrics.Metrics}.
 */
package io.tfweave.metrics;
