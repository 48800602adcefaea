package io.tfweave.examples.quadratic;

import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import java.util.Locale;

/**
 * One training recipe of the second-order grid.
 *
 * @param init {@code random} (independent glorot_uniform kernels, zero biases: the library's form before this grid),
 *     {@code random_bg1} (the same with {@code b_g = 1}), {@code relinear} (Fan et al. 2023: {@code w_g = 0, b_g = 1,
 *     w_b = 0, c = 0}), {@code relinear_noise} (ReLinear with {@code w_g, w_b} at 0.1 × glorot_uniform); first-order nets
 *     ignore it (glorot_uniform, zero biases)
 * @param normalize whether the inputs go through a {@code Normalization} layer adapted on the set
 * @param optimizer {@code sgd} (momentum 0.9) or {@code adam}
 * @param lr learning rate
 * @param clipnorm per-weight gradient norm clip (Keras's {@code clipnorm}), 0 for none
 * @param quadLr learning-rate multiplier of the quadratic weights {@code w_g, b_g, w_b, c} (1 = same rate)
 */
record Recipe(
    String init, boolean normalize, String optimizer, double lr, double clipnorm, double quadLr) {

  /** The library's optimizer of this recipe, for rate {@code rate}. */
  Optimizer optimizer(double rate) {
    Optimizer o =
        optimizer.equals("sgd") ? Optimizers.sgd(rate).momentum(0.9) : Optimizers.adam(rate);
    return clipnorm > 0 ? o.clipnorm(clipnorm) : o;
  }

  String label() {
    return String.format(
        Locale.ROOT,
        "%-14s %-4s %-4s lr=%-5s clip=%-3s qlr=%s",
        init,
        normalize ? "norm" : "raw",
        optimizer,
        lr,
        clipnorm > 0 ? Double.toString(clipnorm) : "-",
        quadLr);
  }
}
