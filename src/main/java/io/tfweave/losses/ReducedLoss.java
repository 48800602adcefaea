package io.tfweave.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A loss with a reduction other than its own default ({@link Loss#reduction(Reduction)}). */
final class ReducedLoss extends Loss {
  final Loss delegate;
  private final Reduction reduction;

  ReducedLoss(Loss delegate, Reduction reduction) {
    this.delegate = delegate;
    this.reduction = reduction;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Kind kind() {
    return delegate.kind();
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    return delegate.perSample(tf, yTrue, yPred, logits);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public Operand<TFloat32> compute(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
    return reduction.reduce(tf, delegate.perSample(tf, yTrue, yPred, logits), null);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = delegate.config();
    c.put("reduction", reduction.kerasName());
    return c;
  }
}
