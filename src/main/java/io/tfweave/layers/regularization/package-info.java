/** Regularization layers ({@code keras.layers} {@code Dropout}). */
package io.tfweave.layers.regularization;
