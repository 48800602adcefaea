package io.tfweave.callbacks;

import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.util.Map;

/** Stops training as soon as a batch's loss is NaN or infinite (Keras's {@code TerminateOnNaN}). */
public final class TerminateOnNaN implements Callback {
  private TrainingControl control;
  private int terminatedBatch = -1;

  @Override
  public void onTrainBegin(TrainingControl c) {
    control = c;
    terminatedBatch = -1;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs.get("loss");
    if (loss != null && !Double.isFinite(loss) && terminatedBatch < 0) {
      terminatedBatch = batch;
      control.requestStop();
    }
  }

  /** The batch at which the loss became invalid, or -1. */
  public int terminatedBatch() {
    return terminatedBatch;
  }
}
