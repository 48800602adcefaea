package io.tfweave.layers.quadratic;

import io.tfweave.layers.KerasEnum;

/**
 * How {@link QuadraticDense} and {@link QuadraticConv2D} initialise their six weights.
 *
 * <p>{@link #RELINEAR} (the default for layers with biases; Fan et al., "On Expressivity and Trainability of Quadratic
 * Networks", IEEE TNNLS 2023) draws {@code w_r} and {@code b_r} as an ordinary layer would (kernel and bias initializers)
 * and sets {@code w_g = 0}, {@code b_g = 1}, {@code w_b = 0}, {@code c = 0}, so that every neuron starts as the
 * first-order neuron {@code x·w_r + b_r} and grows its quadratic terms during training. {@link #RANDOM} (the paper's
 * original form, and the default with {@code useBias(false)}, since ReLinear needs {@code b_g}) draws the three kernels
 * {@code w_r, w_g, w_b} independently from the kernel initializer and the biases {@code b_r, b_g, c} from the bias
 * initializer.
 *
 * <p>Why ReLinear is the default (measured with {@code io.tfweave.examples.quadratic.SecondOrderGrid}: full-batch
 * training, binary cross-entropy, success = 100 % training accuracy within 1,000 iterations, 40 four-ring generators with
 * radius scales 0.1 to 10, centred and off-centre, with and without jitter, even and random angles, 20 seeds each): with a
 * {@code Normalization} layer adapted on the data and tanh hidden layers, the 2-3-2-1 network separated the rings on
 * 96.9 % of the 800 (generator, seed) pairs with ReLinear and Adam (lr 0.1, clipnorm 1; median 36 iterations), against
 * 68.9 % with independent random kernels; at Adam 0.03 both reached 85.9 %, so ReLinear's gain is that it tolerates the
 * faster rate. A lower learning rate for the quadratic weights ({@code w_g, b_g, w_b, c} at 0.1 × the rate, as that paper
 * proposes) made training less reliable in 34 of 48 matched settings of the screen (sigmoid hidden layers; it helped only
 * where the rate was too high anyway), and its best recipe reached 25 % of the pairs against 51 % for ReLinear without
 * it, so the layers have no per-group rate.
 * Input normalisation and the hidden activation matter more than the initialisation: without normalisation at most 54 %
 * of the screened pairs succeeded (the raw inputs' scale and offset enter the quadratic terms squared), and with sigmoid
 * hidden layers at most 58 % of the 800 pairs, whatever the initialisation.
 */
public enum QuadraticInitialization implements KerasEnum {
  /** Independent random kernels, biases from the bias initializer (the paper's form; default without biases). */
  RANDOM,
  /** Start as an ordinary neuron: {@code w_g = 0, b_g = 1, w_b = 0, c = 0}; needs biases (default with biases). */
  RELINEAR;

  /** Parses {@code random} or {@code relinear} (any case). */
  public static QuadraticInitialization of(String name) {
    return KerasEnum.parse(QuadraticInitialization.class, "initialization", name);
  }
}
