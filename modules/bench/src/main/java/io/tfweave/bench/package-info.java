/** Benchmarks: tfweave fit against hand-written TensorFlow Java loops of the same graphs. */
package io.tfweave.bench;
