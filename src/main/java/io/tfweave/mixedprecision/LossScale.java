package io.tfweave.mixedprecision;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.SwitchCond;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Dynamic loss scaling for float16 training, as Keras 3's {@code LossScaleOptimizer}: the loss is multiplied by a scale
 * before the gradients are taken and the gradients are divided by it; when any gradient is not finite the update is
 * skipped and the scale halves; after {@code dynamicGrowthSteps} finite steps in a row the scale doubles.
 *
 * <p>Defaults: {@code initial_scale} 2¹⁵ = 32768, {@code dynamic_growth_steps} 2000. The scale and the count of good steps
 * are variables of the training step ({@code loss_scale/scale}, {@code loss_scale/good_steps}), updated in the same
 * session run as the weights.
 */
public final class LossScale {
  /** Keras's default initial scale, 2¹⁵. */
  public static final double INITIAL_SCALE_DEFAULT = 32768;
  /** Keras's default number of finite steps before the scale doubles. */
  public static final int DYNAMIC_GROWTH_STEPS_DEFAULT = 2000;

  private final double initialScale;
  private final int growthSteps;

  private LossScale(double initialScale, int growthSteps) {
    if (!(initialScale > 0) || Double.isInfinite(initialScale)) {
      throw new IllegalArgumentException(
          "initialScale must be a positive number. Received: initialScale=" + initialScale);
    }
    if (growthSteps < 1) {
      throw new IllegalArgumentException(
          "dynamicGrowthSteps must be >= 1. Received: dynamicGrowthSteps=" + growthSteps);
    }
    this.initialScale = initialScale;
    this.growthSteps = growthSteps;
  }

  /** Keras's defaults: initial scale 2¹⁵, growth every 2000 finite steps. */
  public static LossScale dynamic() {
    return new LossScale(INITIAL_SCALE_DEFAULT, DYNAMIC_GROWTH_STEPS_DEFAULT);
  }

  /** A dynamic loss scale starting at {@code initialScale} that doubles after {@code dynamicGrowthSteps} finite steps. */
  public static LossScale dynamic(double initialScale, int dynamicGrowthSteps) {
    return new LossScale(initialScale, dynamicGrowthSteps);
  }

  /** The initial scale. */
  public double initialScale() {
    return initialScale;
  }

  /** Finite steps in a row before the scale doubles. */
  public int dynamicGrowthSteps() {
    return growthSteps;
  }

  /** Adds the scale's variables under {@code loss_scale/} and the scaled loss; see {@link Step}. */
  public Step build(Ops tf, Operand<TFloat32> loss) {
    return new Step(tf.withSubScope("loss_scale"), loss);
  }

  /**
   * The graph pieces of one scaled training step: {@link #scaledLoss()} to differentiate, {@link #unscale} for the
   * gradients (which exist only when all are finite), and {@link #finish} around the optimizer's train op.
   */
  public final class Step {
    private final Ops tf;
    private final Variable<TFloat32> scale;
    private final Variable<TInt64> goodSteps;
    private final Operand<TFloat32> scaledLoss;
    private Operand<TBool> finite;

    private Step(Ops tf, Operand<TFloat32> loss) {
      this.tf = tf;
      this.scale = tf.withName("scale").variable(tf.constant((float) initialScale));
      this.goodSteps = tf.withName("good_steps").variable(tf.constant(0L));
      this.scaledLoss = tf.math.mul(loss, scale);
    }

    /** The scale variable. */
    public Variable<TFloat32> scale() {
      return scale;
    }

    /** The number of finite steps since the scale last changed. */
    public Variable<TInt64> goodSteps() {
      return goodSteps;
    }

    /** {@code loss · scale}, the loss to take gradients of. */
    public Operand<TFloat32> scaledLoss() {
      return scaledLoss;
    }

    /**
     * The gradients divided by the scale, passed through a switch on "all finite": ops that consume them (the
     * optimizer's updates) run only in a step whose gradients are all finite.
     */
    public List<Operand<TFloat32>> unscale(List<Operand<TFloat32>> scaledGrads) {
      Operand<TFloat32> inverse = tf.math.div(tf.constant(1f), scale);
      List<Operand<TFloat32>> plain = new ArrayList<>();
      Operand<TBool> all = tf.constant(true);
      for (Operand<TFloat32> g : scaledGrads) {
        Operand<TFloat32> u = tf.math.mul(g, inverse);
        plain.add(u);
        var axes = tf.range(tf.constant(0), tf.rank(u), tf.constant(1));
        all = tf.math.logicalAnd(all, tf.all(tf.math.isFinite(u), axes));
      }
      finite = all;
      List<Operand<TFloat32>> gated = new ArrayList<>();
      for (Operand<TFloat32> u : plain) gated.add(tf.switchCond(u, finite).outputTrue());
      return gated;
    }

    /**
     * An op that completes the step: it waits for {@code train} when the gradients were finite (and runs without it when
     * they were not), then updates the scale: halved and the count reset after a skipped step; doubled and the count reset
     * after {@code dynamicGrowthSteps} finite steps; otherwise the count incremented.
     */
    public Op finish(Op train) {
      if (finite == null) throw new IllegalStateException("LossScale.Step.finish before unscale");
      SwitchCond<TBool> branch = tf.switchCond(finite, finite);
      Operand<TBool> applied =
          tf.withControlDependencies(List.of(train)).identity(branch.outputTrue());
      Operand<TBool> skipped = tf.identity(branch.outputFalse());
      Operand<TBool> done = tf.merge(List.of(applied, skipped)).output();
      Ops after = tf.withControlDependencies(List.of(done));
      Operand<TInt64> next = after.math.add(goodSteps, after.constant(1L));
      Operand<TBool> grow = after.math.greaterEqual(next, after.constant((long) growthSteps));
      Operand<TFloat32> newScale = after.select(
          finite,
          after.select(grow, after.math.mul(scale, after.constant(2f)), after.identity(scale)),
          after.math.mul(scale, after.constant(0.5f)));
      Operand<TInt64> newCount = after.select(
          tf.math.logicalAnd(finite, tf.math.logicalNot(grow)), next, after.zerosLike(next));
      Op a = after.assign(scale, newScale);
      Op b = after.assign(goodSteps, newCount);
      return tf.withControlDependencies(List.of(a, b)).noOp();
    }
  }
}
