package io.tfweave.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TFJ_GradFuncAdapter;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.RawCustomGradient;

/**
 * Java gradients for op types TensorFlow has none for (tfweave's quadratic functions, {@code BlockLSTMV2}, wrapped
 * SavedModel signatures), all through <em>one</em> native callback. {@code TensorFlow.registerCustomGradient} allocates a
 * new JavaCPP callback per op type, and JavaCPP gives a callback class 10 native slots: the eleventh registration gets a
 * null function pointer, and the first gradient built through it kills the JVM (SIGSEGV at pc 0 in
 * {@code CustomGradFunc}; measured with 11 function op types in one graph). So every op type is registered with the same
 * adapter, which dispatches on the op's type to the Java gradient kept here. Registration is global and permanent.
 */
public final class CustomGradients {
  private static final Map<String, RawCustomGradient> BY_TYPE = new ConcurrentHashMap<>();
  private static TFJ_GradFuncAdapter adapter;

  private CustomGradients() {}

  /**
   * Registers {@code gradient} for ops of type {@code opType} (an op name or a function name); false when that type
   * already has a gradient (TensorFlow's or an earlier registration), as {@code TensorFlow.registerCustomGradient}.
   *
   * @throws UnsupportedOperationException where TF Java has no custom gradients (Windows)
   */
  public static synchronized boolean register(String opType, RawCustomGradient gradient) {
    if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("win"))
      throw new UnsupportedOperationException(
          "Custom gradients are not supported by TF Java on Windows");
    if (BY_TYPE.containsKey(opType) || tensorflow.TFJ_HasGradient(opType)) return false;
    if (adapter == null) adapter = RawCustomGradient.adapter(CustomGradients::dispatch);
    BY_TYPE.put(opType, gradient);
    if (!tensorflow.TFJ_RegisterCustomGradient(opType, adapter)) {
      BY_TYPE.remove(opType);
      return false;
    }
    return true;
  }

  private static List<Operand<?>> dispatch(Ops tf, GraphOperation op, List<Output<?>> grads) {
    RawCustomGradient g = BY_TYPE.get(op.type());
    if (g == null)
      throw new IllegalStateException(
          "No Java gradient is registered for op type '" + op.type() + "'");
    return g.call(tf, op, grads);
  }
}
