/**
 * Recurrent layers and their wrappers ({@code keras.layers} {@code LSTM}, {@code GRU}, {@code SimpleRNN},
 * {@code Bidirectional}, {@code TimeDistributed}), with Keras's gate order and weight layout so that Keras weights load one
 * to one.
 */
package io.tfweave.layers.recurrent;
