package io.tfweave.saving;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * What lets a {@link SavedModelLayer} be fine-tuned: its signature function called by name (an op whose type is the
 * function's name) with a registered Java gradient. The gradient calls a second function, the vector-Jacobian product,
 * built once from the signature's graph with its function calls inlined ({@link FunctionInliner}) and differentiated by
 * {@code Graph.addGradients}, i.e. by TensorFlow's C++ gradients (a plain call op would be differentiated by
 * {@code SymbolicGradient}, which has no gradient for nested calls or {@code GatherV2}). An op without a C++ gradient
 * ({@code While}, so Keras's LSTM) makes {@link #create} refuse with a message naming it.
 */
final class SignatureGradient {
  private static final Pattern NO_GRADIENT = Pattern.compile("No gradient defined for op: (\\w+)");
  private static final Set<String> CONTROL_FLOW =
      Set.of("While", "StatelessWhile", "If", "StatelessIf", "Case", "StatelessCase");
  private static final Map<Graph, Set<String>> ATTACHED = new WeakHashMap<>();

  private static final java.util.concurrent.atomic.AtomicLong INSTANCES =
      new java.util.concurrent.atomic.AtomicLong();

  private final SignatureFunction f;
  private final ConcreteFunction vjp;
  /** This instance's own copy of the signature function (function names are content hashes, shared by equal layers). */
  private final FunctionDef forward;
  /** Per function argument (inputs, then variables): whether the product returns its gradient. */
  private final boolean[] differentiated;
  /** Per output: whether it is float32 (the others get no incoming gradient). */
  private final boolean[] floatOutputs;

  private SignatureGradient(
      SignatureFunction f, ConcreteFunction vjp, boolean[] differentiated, boolean[] floatOutputs) {
    this.f = f;
    this.vjp = vjp;
    this.differentiated = differentiated;
    this.floatOutputs = floatOutputs;
    String name = f.function.getDefinedName() + "_tfweave_grad_" + INSTANCES.incrementAndGet();
    FunctionDef.Builder b = f.function.getFunctionDef().toBuilder();
    b.getSignatureBuilder().setName(name);
    this.forward = b.build();
  }

  /**
   * Builds the gradient of {@code f} w.r.t. its float inputs and the variables marked {@code trainable}, and registers it;
   * {@code layer} and {@code dir} name the layer in errors.
   */
  static SignatureGradient create(
      SignatureFunction f, List<Boolean> trainable, String layer, Path dir) {
    FunctionInliner.Inlined inlined = FunctionInliner.inline(f.graph);
    GraphDef flat = inlined.graph();
    int nx = f.inputKeys.size();
    boolean[] diff = new boolean[f.inputTensors.size()];
    boolean[] floats = new boolean[f.outputTensors.size()];
    for (NodeDef n : flat.getNodeList()) {
      // functional control flow has gradients only in Python (while_v2, cond_v2), none in C++
      if (CONTROL_FLOW.contains(n.getOp())) {
        throw refusal(
            new RuntimeException("No gradient defined for op: " + n.getOp()), flat, f, layer, dir);
      }
    }
    ConcreteFunction vjp;
    try (Graph g = new Graph()) {
      g.importGraphDef(flat);
      Ops tf = Ops.create(g);
      Signature.Builder sb = Signature.builder().key(f.function.getDefinedName() + "_vjp");
      List<Output<?>> targets = new ArrayList<>();
      for (int i = 0; i < f.inputTensors.size(); i++) {
        Output<?> t = g.outputOrThrow(inlined.tensor(f.inputTensors.get(i)));
        sb.input(arg(i, nx), t);
        diff[i] = t.type() == TFloat32.class && (i < nx || trainable.get(i - nx));
        if (diff[i]) targets.add(t);
      }
      Operand<TFloat32> loss = tf.constant(0f);
      for (int k = 0; k < f.outputTensors.size(); k++) {
        Output<?> y = g.outputOrThrow(inlined.tensor(f.outputTensors.get(k)));
        floats[k] = y.type() == TFloat32.class;
        if (!floats[k]) continue;
        Placeholder<TFloat32> dy = tf.placeholder(TFloat32.class);
        sb.input("dy" + k, dy);
        Operand<TFloat32> prod = tf.math.mul(y.expect(TFloat32.class), dy);
        loss = tf.math.add(
            loss, tf.sum(prod, tf.range(tf.constant(0), tf.rank(prod), tf.constant(1))));
      }
      Output<?>[] grads;
      try {
        grads = g.addGradients(loss.asOutput(), targets.toArray(Output<?>[]::new));
      } catch (RuntimeException e) {
        throw refusal(e, flat, f, layer, dir);
      }
      int t = 0;
      for (int i = 0; i < diff.length; i++) {
        if (!diff[i]) continue;
        Output<?> gr = grads[t];
        sb.output("g" + i, gr != null ? gr : tf.zerosLike(targets.get(t)).asOutput());
        t++;
      }
      vjp = ConcreteFunction.create(sb.build(), g);
    }
    SignatureGradient sg = new SignatureGradient(f, vjp, diff, floats);
    // Global and permanent; the op type is this instance's own function name.
    io.tfweave.internal.CustomGradients.register(sg.forward.getSignature().getName(), sg::gradient);
    return sg;
  }

  private static String arg(int i, int nx) {
    return i < nx ? "x" + i : "w" + (i - nx);
  }

  /** Calls the signature by name on {@code args} (inputs, then variable values); returns its outputs. */
  List<Operand<?>> call(Ops tf, List<Operand<?>> args) {
    Graph graph = (Graph) tf.scope().env();
    String type = forward.getSignature().getName();
    // The gradient's function is attached now: attaching it while addGradients runs deadlocks.
    synchronized (ATTACHED) {
      if (ATTACHED.computeIfAbsent(graph, x -> new java.util.HashSet<>()).add(type)) {
        graph.attachFunction(f.function); // with the functions it calls
        graph.attachFunction(vjp);
        graph.importGraphDef(GraphDef.newBuilder()
            .setLibrary(FunctionDefLibrary.newBuilder().addFunction(forward))
            .build());
      }
    }
    var b = tf.scope().opBuilder(type, "signature");
    for (Operand<?> a : args) b.addInput(a.asOutput());
    GraphOperation op = (GraphOperation) b.build();
    List<Operand<?>> out = new ArrayList<>();
    for (int k = 0; k < op.numOutputs(); k++) out.add(op.output(k));
    return out;
  }

  private List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    // Called by name (ConcreteFunction.call would attach the function again, which deadlocks here);
    // its arguments are the signature's (inputs, variables) then dy, in the order create declared
    // them.
    var b = tf.scope().opBuilder(vjp.getDefinedName(), "signature_grad");
    for (int i = 0; i < op.numInputs(); i++) b.addInput(op.input(i));
    for (int k = 0; k < floatOutputs.length; k++) {
      if (!floatOutputs[k]) continue;
      Output<?> g = k < grads.size() ? grads.get(k) : null;
      b.addInput(g != null ? g : tf.zerosLike(op.output(k)).asOutput());
    }
    GraphOperation call = (GraphOperation) b.build();
    List<Operand<?>> out = new ArrayList<>();
    int r = 0;
    for (int i = 0; i < op.numInputs(); i++)
      out.add(differentiated[i] ? call.output(r++) : tf.zerosLike(op.input(i)));
    return out;
  }

  private static UnsupportedOperationException refusal(
      RuntimeException e, GraphDef flat, SignatureFunction f, String layer, Path dir) {
    Matcher m = NO_GRADIENT.matcher(String.valueOf(e.getMessage()));
    String what;
    if (m.find()) {
      String op = m.group(1);
      String node = flat.getNodeList().stream()
          .filter(n -> n.getOp().equals(op))
          .map(NodeDef::getName)
          .findFirst()
          .orElse("?");
      what = "contains op '" + op + "' (node '" + node
          + "'), for which TensorFlow Java 1.0.0 has no gradient";
    } else {
      what = "cannot be differentiated by TensorFlow Java 1.0.0 (" + e.getMessage() + ")";
    }
    return new UnsupportedOperationException(
        "Layer '" + layer + "' (SavedModelLayer) cannot be fine-tuned: "
            + "signature '" + f.key + "' of " + dir + " " + what
            + ". Keep the layer frozen (setTrainable(false), the "
            + "default; the layers after it still train), or rebuild the model from tfweave layers and fine-tune those: "
            + "Model.load(path) for the Keras model's .keras file, or WeightImport.from(dir).into(model) to load this "
            + "SavedModel's weights into the same architecture built with tfweave layers.");
  }
}
