/**
 * Text preprocessing with Keras's semantics ({@code keras.preprocessing.text}, the legacy module):
 * {@link io.tfweave.data.text.Tokenizer}.
 */
package io.tfweave.data.text;
