/**
 * The contract between layers and the TensorFlow graph they add ops to: {@link io.tfweave.graph.Weight}s declared through a
 * {@link io.tfweave.graph.WeightFactory} when a layer is built, the {@link io.tfweave.graph.CallContext} a layer reads its
 * variables, seeds and mode from while it is called, {@link io.tfweave.graph.CallMode} (Keras's {@code training} argument)
 * and {@link io.tfweave.graph.DType}. Keras's counterparts are {@code keras.Variable} and the backend; users writing their
 * own layers meet these types, users of ready layers rarely do.
 */
package io.tfweave.graph;
