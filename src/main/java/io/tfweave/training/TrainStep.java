package io.tfweave.training;

/**
 * A custom training step, Keras's overridden {@code train_step}/{@code test_step}: Java code that adds one step's ops over
 * the model's graph through a {@link StepBuilder} (forward passes of the model or any of its layers, losses, gradients, one
 * or more optimizers' updates, values to log). The graph is built once; {@code fit} then runs it as one fused step per
 * batch, with callbacks, progress and History as for a compiled loss. Install it with {@code model.compile(step)}.
 *
 * <pre>{@code
 * model.compile(s -> {
 *   Operand<TFloat32> pred = s.output(0);
 *   Operand<TFloat32> loss = s.add(s.loss(Losses.mse(), s.targets(), pred), s.regularization());
 *   s.minimize(adam, loss, s.trainableWeights());
 *   s.log("loss", loss);
 * });
 * }</pre>
 */
@FunctionalInterface
public interface TrainStep {
  /** Adds the ops of one training step. */
  void train(StepBuilder s);

  /**
   * Adds the ops of one evaluation step ({@code evaluate}, validation in {@code fit}): by default the training step's logs
   * without its updates ({@link StepBuilder#minimize} and {@link StepBuilder#applyGradients} add nothing outside training).
   */
  default void test(StepBuilder s) {
    train(s);
  }
}
