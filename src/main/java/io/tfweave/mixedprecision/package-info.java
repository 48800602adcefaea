/**
 * Mixed precision, as Keras 3's {@code keras.mixed_precision}: dtype policies ({@code float32}, {@code mixed_float16},
 * {@code mixed_bfloat16}), the global policy, and dynamic loss scaling for float16.
 */
package io.tfweave.mixedprecision;
