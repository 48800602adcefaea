package io.tfweave.layers.quadratic;

import io.tfweave.layers.KerasEnum;

/**
 * How {@link QuadraticDense} and {@link QuadraticConv2D} initialise their six weights.
 *
 * <p>{@link #RANDOM} (the default) draws the three kernels {@code w_r, w_g, w_b} independently from the kernel initializer
 * and the three biases {@code b_r, b_g, c} from the bias initializer. {@link #RELINEAR} (Fan et al., "On Expressivity and
 * Trainability of Quadratic Networks", IEEE TNNLS 2023) draws {@code w_r} and {@code b_r} as an ordinary layer would and sets
 * {@code w_g = 0}, {@code b_g = 1}, {@code w_b = 0}, {@code c = 0}, so that every neuron starts as the first-order neuron
 * {@code x·w_r + b_r} and grows its quadratic terms during training.
 */
public enum QuadraticInitialization implements KerasEnum {
  /** Independent random kernels, biases from the bias initializer (default). */
  RANDOM,
  /** Start as an ordinary neuron: {@code w_g = 0, b_g = 1, w_b = 0, c = 0}; needs biases. */
  RELINEAR;

  /** Parses {@code random} or {@code relinear} (any case). */
  public static QuadraticInitialization of(String name) {
    return KerasEnum.parse(QuadraticInitialization.class, "initialization", name);
  }
}
