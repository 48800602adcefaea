package io.tfweave.layers.quadratic;

import io.tfweave.layers.Padding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * The graph functions behind the fused quadratic ops: one function per variant (dtype, and for convolutions strides and
 * padding), named deterministically (e.g. {@code tfweave_quadratic_conv2d_f32_s2x2_same}), attached to each graph that uses
 * it and backed by a process-wide custom gradient ({@link QuadraticGradients}).
 *
 * <p>Each function takes {@code x, w_r, b_r, w_g, b_g, w_b, c} and returns {@code h, r, g}: the neuron's value and its two
 * linear parts, which the gradient reuses. Callers use output 0.
 */
final class QuadraticFunctions {
  private QuadraticFunctions() {}

  /** Prefix of the function names (and op types). */
  static final String PREFIX = "tfweave_quadratic_";

  /** One variant of the fused op. */
  record Variant(
      String name, Class<? extends TNumber> type, boolean conv, int[] strides, String padding) {}

  /** Definitions (with their output order) created so far, by function name; each one's gradient is registered. */
  private static final Map<String, Definition> DEFINITIONS = new ConcurrentHashMap<>();
  /** Function names already attached to each live graph. */
  private static final Map<Graph, Set<String>> ATTACHED = new WeakHashMap<>();

  /** A function definition and the positions of {@code h}, {@code r}, {@code g} among its outputs. */
  record Definition(FunctionDef def, int h, int r, int g) {}

  static Variant dense(Class<? extends TNumber> type) {
    return new Variant(PREFIX + "dense_" + suffix(type), type, false, null, null);
  }

  static Variant conv2d(Class<? extends TNumber> type, int[] strides, Padding padding) {
    return new Variant(
        PREFIX + "conv2d_" + suffix(type) + "_s" + strides[0] + "x" + strides[1] + "_"
            + padding.kerasName(),
        type,
        true,
        strides.clone(),
        padding.name());
  }

  private static String suffix(Class<? extends TNumber> type) {
    if (type == TFloat32.class) return "f32";
    if (type == TFloat64.class) return "f64";
    throw new IllegalArgumentException(
        "The fused quadratic op supports float32 and float64 inputs. Received: "
            + type.getSimpleName() + ". Hint: use fused(false) for other types.");
  }

  /** Adds a call of variant {@code v} on {@code inputs} (x, w_r, b_r, w_g, b_g, w_b, c) and returns {@code h}. */
  @SuppressWarnings("unchecked")
  static <T extends TNumber> Operand<T> call(Ops tf, Variant v, List<Operand<T>> inputs) {
    if (!(tf.scope().env() instanceof Graph graph)) {
      throw new IllegalStateException(
          "The fused quadratic op needs graph mode. Hint: use fused(false) in eager mode.");
    }
    Definition d = definition(v);
    attach(graph, v.name(), d.def());
    OperationBuilder b = tf.scope().opBuilder(v.name(), "Quadratic");
    for (Operand<T> in : inputs) b.addInput(in.asOutput());
    GraphOperation op = (GraphOperation) b.build();
    Operand<?> h = op.output(d.h());
    return (Operand<T>) h;
  }

  /** The definition of {@code v}, created and its gradient registered on first use. */
  static Definition definition(Variant v) {
    return DEFINITIONS.computeIfAbsent(v.name(), n -> {
      Definition d = create(v);
      // Registration is global and permanent; it returns false only if this op type already has a
      // gradient.
      io.tfweave.internal.CustomGradients.register(
          v.name(), (tf, op, grads) -> QuadraticGradients.of(tf, op, grads, v, d));
      return d;
    });
  }

  private static void attach(Graph graph, String name, FunctionDef def) {
    synchronized (ATTACHED) {
      Set<String> names = ATTACHED.computeIfAbsent(graph, g -> new HashSet<>());
      if (names.contains(name)) return;
      graph.importGraphDef(GraphDef.newBuilder()
          .setLibrary(FunctionDefLibrary.newBuilder().addFunction(def))
          .build());
      names.add(name);
    }
  }

  private static Definition create(Variant v) {
    Class<? extends TNumber> type = v.type();
    FunctionDef def;
    try (ConcreteFunction f = ConcreteFunction.create(tf -> body(tf, v, type))) {
      def = f.getFunctionDef();
    }
    OpDef sig = def.getSignature().toBuilder()
        .setName(v.name())
        .setDescription(
            "tfweave second-order neuron: h = r * g + quadratic term, with r and g kept for the gradient")
        .build();
    def = def.toBuilder().setSignature(sig).build();
    List<String> outs = new ArrayList<>();
    for (OpDef.ArgDef a : sig.getOutputArgList()) outs.add(a.getName());
    if (sig.getInputArgCount() != 7 || !outs.containsAll(List.of("h", "r", "g"))) {
      throw new IllegalStateException("Unexpected signature for " + v.name() + ": " + sig);
    }
    return new Definition(def, outs.indexOf("h"), outs.indexOf("r"), outs.indexOf("g"));
  }

  private static <T extends TNumber> Signature body(Ops tf, Variant v, Class<T> type) {
    Shape any = Shape.unknown();
    Operand<T> x = tf.placeholder(type, Placeholder.shape(any));
    Operand<T> wr = tf.placeholder(type, Placeholder.shape(any));
    Operand<T> br = tf.placeholder(type, Placeholder.shape(any));
    Operand<T> wg = tf.placeholder(type, Placeholder.shape(any));
    Operand<T> bg = tf.placeholder(type, Placeholder.shape(any));
    Operand<T> wb = tf.placeholder(type, Placeholder.shape(any));
    Operand<T> c = tf.placeholder(type, Placeholder.shape(any));
    Operand<T> r;
    Operand<T> g;
    Operand<T> q;
    if (v.conv()) {
      List<Long> s = QuadraticOps.nhwc(v.strides());
      r = tf.withName("r").nn.biasAdd(tf.nn.conv2d(x, wr, s, v.padding()), br);
      g = tf.withName("g").nn.biasAdd(tf.nn.conv2d(x, wg, s, v.padding()), bg);
      q = tf.nn.conv2d(tf.math.square(x), wb, s, v.padding());
    } else {
      r = tf.withName("r").nn.biasAdd(tf.linalg.matMul(x, wr), br);
      g = tf.withName("g").nn.biasAdd(tf.linalg.matMul(x, wg), bg);
      q = tf.linalg.matMul(tf.math.square(x), wb);
    }
    Operand<T> h = tf.withName("h").nn.biasAdd(tf.math.add(tf.math.mul(r, g), q), c);
    // Inputs are listed in call order: the function's arguments follow it (placeholder,
    // placeholder_1, ...).
    return Signature.builder()
        .key(v.name())
        .input("x", x)
        .input("w_r", wr)
        .input("b_r", br)
        .input("w_g", wg)
        .input("b_g", bg)
        .input("w_b", wb)
        .input("c", c)
        .output("h", h)
        .output("r", r)
        .output("g", g)
        .build();
  }
}
