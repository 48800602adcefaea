package io.tfweave.layers.core;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.internal.Masks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;

/**
 * Returns its input unchanged (Keras's {@code Identity}): a placeholder in architectures that make a layer optional, and a
 * named point in a functional model. Integer inputs stay integers, and a mask on the input is passed on.
 *
 * <p>Input shape: any. Output shape: same as input.
 */
public final class Identity extends BaseLayer<Identity> {
  /** The identity layer. */
  public Identity() {
    super(List.of());
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return in;
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    List<Operand<?>> out = new ArrayList<>();
    for (Operand<?> o : x) out.add(Masks.passOn(o, tf.identity(o)));
    return out;
  }

  /** Rebuilds from a Keras config. */
  public static Identity fromConfig(Map<String, Object> c) {
    return new Identity().readConfig(c);
  }
}
