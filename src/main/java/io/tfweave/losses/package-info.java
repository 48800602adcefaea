/**
 * Training objectives with Keras's names, formulas and default reduction ({@code keras.losses}): mean squared error, binary
 * and (sparse) categorical cross-entropy, ... from {@link io.tfweave.losses.Losses}.
 */
package io.tfweave.losses;
