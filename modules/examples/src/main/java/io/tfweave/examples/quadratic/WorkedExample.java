package io.tfweave.examples.quadratic;

import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.GradientReport;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat64;

/**
 * The worked backpropagation example, checked with {@link GradientCheck}: {@code H1 = w1(x1 + x2)},
 * {@code H2 = x1·x2·x3 + b1}, {@code H3 = min(x1, H1)}, {@code H4 = w2·H2 / H1}, {@code H5 = max(H4, H1)},
 * {@code ŷ = σ(H3 − H5)}, binary cross-entropy with {@code y = 1}, at {@code x = (2, −1, 1)}, {@code w1 = 1.5},
 * {@code b1 = 1}, {@code w2 = −3}. Prints ŷ, the loss, and every gradient with its finite-difference check.
 *
 * <pre>
 * tools/run io.tfweave.examples.quadratic.WorkedExample
 * </pre>
 */
public final class WorkedExample {
  private WorkedExample() {}

  public static void main(String[] argv) {
    GradientReport r = GradientCheck.of(TFloat64.class, (tf, in) -> {
          Operand<TFloat64> x1 = in.get("x1");
          Operand<TFloat64> x2 = in.get("x2");
          Operand<TFloat64> h1 = tf.math.mul(in.get("w1"), tf.math.add(x1, x2));
          Operand<TFloat64> h2 =
              tf.math.add(tf.math.mul(tf.math.mul(x1, x2), in.get("x3")), in.get("b1"));
          Operand<TFloat64> h3 = tf.math.minimum(x1, h1);
          Operand<TFloat64> h4 = tf.math.div(tf.math.mul(in.get("w2"), h2), h1);
          Operand<TFloat64> h5 = tf.math.maximum(h4, h1);
          Operand<TFloat64> yHat = tf.math.sigmoid(tf.math.sub(h3, h5));
          return tf.math.neg(tf.math.log(yHat)); // binary cross-entropy with y = 1
        })
        .input("x1", 2)
        .input("x2", -1)
        .input("x3", 1)
        .input("w1", 1.5)
        .input("b1", 1)
        .input("w2", -3)
        .run();
    System.out.printf(
        Locale.ROOT, "forward: y_hat = %.4f, loss = %.4f%n", Math.exp(-r.value()), r.value());
    System.out.println("gradients (analytic = tf.gradients, numeric = central difference):");
    for (GradientReport.Entry e : r.entries()) {
      System.out.printf(
          Locale.ROOT,
          "  dL/d%-3s = %+.6f   numeric %+.6f%n",
          e.name(),
          e.analytic()[0],
          e.numeric()[0]);
    }
    System.out.print(r);
    r.assertWithin(1e-7);
  }
}
