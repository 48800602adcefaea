package io.tfweave.losses;

import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Evaluates a scalar graph expression (shared by tests in other packages). */
public final class LossesAndMetricsTestAccess {
  private LossesAndMetricsTestAccess() {}

  /** Builds {@code f} in a fresh graph and returns its scalar value. */
  public static double eval(Function<Ops, Operand<TFloat32>> f) {
    return LossesAndMetricsTest.eval(f);
  }
}
