package io.tfweave.mixedprecision;

import java.util.Objects;

/**
 * The process-wide defaults of mixed precision (Keras 3's {@code keras.mixed_precision.set_global_policy}): the policy a
 * layer gets when it is constructed without {@code dtype(...)}, and the loss scale used when a model computes in float16.
 *
 * <pre>{@code
 * MixedPrecision.setGlobalPolicy("mixed_bfloat16");   // layers created from now on compute in bfloat16
 * Model m = Sequential.builder().input(784).add(new Dense(256).activation(RELU), new Dense(10).activation(SOFTMAX)).build();
 * MixedPrecision.setGlobalPolicy("float32");          // back to the default for later layers
 * }</pre>
 *
 * <p>The global values are read when a layer is created (policy) and when a training step is built (loss scale); changing
 * them later does not change existing layers or compiled models.
 */
public final class MixedPrecision {
  private static volatile DTypePolicy global = DTypePolicy.FLOAT32;
  private static volatile LossScale lossScale = LossScale.dynamic();

  private MixedPrecision() {}

  /** Sets the policy of layers created from now on. */
  public static void setGlobalPolicy(DTypePolicy policy) {
    global = Objects.requireNonNull(policy, "policy");
  }

  /** Sets the global policy by name ({@code float32}, {@code mixed_float16}, {@code mixed_bfloat16}). */
  public static void setGlobalPolicy(String name) {
    setGlobalPolicy(DTypePolicy.of(name));
  }

  /** The policy of layers created now (default {@code float32}). */
  public static DTypePolicy globalPolicy() {
    return global;
  }

  /** Sets the loss scale of training steps built from now on for models that compute in float16. */
  public static void setLossScale(LossScale scale) {
    lossScale = Objects.requireNonNull(scale, "scale");
  }

  /** The loss scale for float16 training (default: dynamic, as Keras's {@code LossScaleOptimizer}). */
  public static LossScale lossScale() {
    return lossScale;
  }
}
