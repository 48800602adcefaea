/** Weight and activity penalties added to the training loss ({@code keras.regularizers} L1, L2, L1L2). */
package io.tfweave.regularizers;
