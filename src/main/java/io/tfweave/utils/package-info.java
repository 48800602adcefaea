/**
 * Keras's {@code keras.utils} entry points under their Keras names: {@link io.tfweave.utils.Utils#setRandomSeed},
 * {@link io.tfweave.utils.Utils#toCategorical}, {@link io.tfweave.utils.Utils#padSequences} and
 * {@link io.tfweave.utils.Utils#timeseriesDatasetFromArray}, on plain Java arrays. They delegate to the typed forms in
 * {@code io.tfweave.data} and {@code io.tfweave.graph.RandomSeeds}.
 */
package io.tfweave.utils;
