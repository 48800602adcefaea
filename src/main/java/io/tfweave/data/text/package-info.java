/** Text preprocessing with Keras's semantics: {@link io.tfweave.data.text.Tokenizer}. */
package io.tfweave.data.text;
