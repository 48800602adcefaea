/**
 * Second-order (quadratic) neurons of Fan, Cong and Wang, which have no Keras counterpart:
 * {@link io.tfweave.layers.quadratic.QuadraticDense} and {@link io.tfweave.layers.quadratic.QuadraticConv2D}, computing
 * {@code (x·w_r + b_r) ∘ (x·w_g + b_g) + (x∘x)·w_b + c}, and the fused graph ops behind them
 * ({@link io.tfweave.layers.quadratic.QuadraticOps}).
 */
package io.tfweave.layers.quadratic;
