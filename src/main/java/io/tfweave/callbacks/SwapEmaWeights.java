package io.tfweave.callbacks;

import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.util.Map;

/**
 * Evaluates with the optimizer's moving averages of the weights (Keras's {@code SwapEMAWeights}): before validation the
 * weights and their EMA values are exchanged in place, after it they are exchanged back. Needs an optimizer with {@code
 * useEma(true)} (fails at the first swap otherwise).
 *
 * <p>With {@link #swapOnEpoch(boolean)} the EMA weights are also swapped in at the end of every epoch and out at the start
 * of the next, so that callbacks after this one (such as {@link ModelCheckpoint}) see them; on the last epoch (or once a
 * stop was requested) the averages are set to those weights, so that the end of {@code fit}, which writes the averages
 * into the weights, keeps them. Put callbacks that stop training before this one.
 */
public final class SwapEmaWeights implements Callback {
  private boolean swapOnEpoch;
  private TrainingControl control;
  private boolean emaInModel;
  private int swaps;

  /** Also swap at epoch ends and starts (Keras's {@code swap_on_epoch}, default false). */
  public SwapEmaWeights swapOnEpoch(boolean on) {
    this.swapOnEpoch = on;
    return this;
  }

  @Override
  public void onTrainBegin(TrainingControl c) {
    control = c;
    emaInModel = false;
    swaps = 0;
  }

  private void swap() {
    control.swapEmaWeights();
    emaInModel = !emaInModel;
    swaps++;
  }

  @Override
  public void onEpochBegin(int epoch) {
    if (swapOnEpoch && emaInModel) swap();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (swapOnEpoch && !emaInModel) {
      swap();
      if (epoch == control.epochs() - 1 || control.stopRequested()) control.copyWeightsToEma();
    }
  }

  @Override
  public void onTestBegin() {
    if (!emaInModel) swap();
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (emaInModel) swap();
  }

  /** How many swaps this callback made in the current (or last) {@code fit}. */
  public int swaps() {
    return swaps;
  }
}
