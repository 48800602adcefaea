package io.tfweave.saving;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Inlines the function calls ({@code PartitionedCall}, {@code StatefulPartitionedCall}) of a graph, recursively, so that
 * its ops sit at the top level where {@code Graph.addGradients} differentiates them with TensorFlow's C++ gradients (a
 * call op is differentiated through {@code SymbolicGradient}, whose gradient registry lacks e.g. {@code GatherV2}).
 * Control-flow ops ({@code While}, {@code If}) stay as they are. Inlined nodes are named {@code <call>/<node>}; a
 * {@code NoOp} keeps each call's name for control dependencies. Used by {@link SignatureGradient}.
 */
final class FunctionInliner {
  private static Map<String, OpDef> opDefs;

  private final Map<String, FunctionDef> lib = new HashMap<>();
  private final GraphDef.Builder out;
  /** Top-level reference of a call's output ({@code call:k}) to the tensor that computes it. */
  private final Map<String, String> callOutputs = new HashMap<>();

  private FunctionInliner(GraphDef g) {
    for (FunctionDef f : g.getLibrary().getFunctionList())
      lib.put(f.getSignature().getName(), f);
    out = g.toBuilder().clearNode();
  }

  /** A graph with its calls inlined, and where each tensor of the original graph is now computed. */
  record Inlined(GraphDef graph, Map<String, String> callOutputs) {
    /** The tensor of {@link #graph} that computes tensor {@code ref} of the original graph. */
    String tensor(String ref) {
      String r = ref.contains(":") ? ref : ref + ":0";
      for (int guard = 0; callOutputs.containsKey(r) && guard < 10_000; guard++) {
        String next = callOutputs.get(r);
        r = next.contains(":") ? next : next + ":0";
      }
      return r;
    }
  }

  /** {@code g} with every call of one of its library functions inlined. */
  static Inlined inline(GraphDef g) {
    FunctionInliner in = new FunctionInliner(g);
    for (NodeDef n : g.getNodeList()) in.add(n);
    Inlined result = new Inlined(null, in.callOutputs);
    for (int i = 0; i < in.out.getNodeCount(); i++) {
      NodeDef.Builder b = in.out.getNodeBuilder(i);
      for (int j = 0; j < b.getInputCount(); j++) {
        if (!b.getInput(j).startsWith("^")) b.setInput(j, result.tensor(b.getInput(j)));
      }
    }
    return new Inlined(in.out.build(), Map.copyOf(in.callOutputs));
  }

  private static synchronized Map<String, OpDef> ops() {
    if (opDefs == null) {
      Map<String, OpDef> m = new HashMap<>();
      for (OpDef d : TensorFlow.registeredOpList().getOpList()) m.put(d.getName(), d);
      opDefs = m;
    }
    return opDefs;
  }

  private boolean isInlinedCall(NodeDef n) {
    return ResourceReads.isCall(n.getOp()) && lib.containsKey(ResourceUses.func(n, "f"));
  }

  /** Adds top-level node {@code n} (already renamed, inputs as top-level references). */
  private void add(NodeDef n) {
    if (!isInlinedCall(n)) {
      out.addNode(n.toBuilder().setDevice("").removeAttr("_class"));
      return;
    }
    List<String> args =
        n.getInputList().stream().filter(s -> !s.startsWith("^")).toList();
    out.addNode(NodeDef.newBuilder().setName(n.getName()).setOp("NoOp"));
    FunctionDef f = lib.get(ResourceUses.func(n, "f"));
    Map<String, String> argRefs = new HashMap<>();
    for (int i = 0; i < f.getSignature().getInputArgCount(); i++)
      argRefs.put(f.getSignature().getInputArg(i).getName(), args.get(i));
    String prefix = n.getName() + "/";
    for (NodeDef b : f.getNodeDefList()) {
      for (AttrValue a : b.getAttrMap().values()) {
        if (!a.getPlaceholder().isEmpty()) {
          throw new UnsupportedOperationException("Function '"
              + f.getSignature().getName() + "' has attribute placeholders; it cannot be inlined");
        }
      }
      NodeDef.Builder nb = b.toBuilder().setName(prefix + b.getName()).clearInput();
      for (String in : b.getInputList()) nb.addInput(bodyRef(in, f, prefix, argRefs));
      add(nb.build());
    }
    for (int k = 0; k < f.getSignature().getOutputArgCount(); k++) {
      String ret = f.getRetOrThrow(f.getSignature().getOutputArg(k).getName());
      callOutputs.put(n.getName() + ":" + k, bodyRef(ret, f, prefix, argRefs));
    }
  }

  /** A reference inside body {@code f} ({@code arg}, {@code node:out:i}, {@code ^node}) as a top-level one. */
  private String bodyRef(String in, FunctionDef f, String prefix, Map<String, String> argRefs) {
    boolean control = in.startsWith("^");
    String s = control ? in.substring(1) : in;
    String[] p = s.split(":");
    if (p.length == 1 && argRefs.containsKey(p[0])) {
      String a = argRefs.get(p[0]);
      return control ? "^" + SignatureFunction.nodeName(a) : a;
    }
    if (control) return "^" + prefix + p[0];
    NodeDef node = null;
    for (NodeDef b : f.getNodeDefList()) if (b.getName().equals(p[0])) node = b;
    if (node == null || p.length != 3) {
      throw new IllegalArgumentException(
          "Function '" + f.getSignature().getName() + "' refers to unknown tensor '" + in + "'");
    }
    return prefix + p[0] + ":" + outputIndex(node, p[1], Integer.parseInt(p[2]));
  }

  /** The flat output index of output {@code arg}[{@code i}] of {@code n}. */
  private int outputIndex(NodeDef n, String arg, int i) {
    if (isInlinedCall(n) || lib.containsKey(n.getOp())) return i;
    OpDef d = ops().get(n.getOp());
    if (d == null) throw new IllegalArgumentException("Unknown op type '" + n.getOp() + "'");
    int index = 0;
    for (OpDef.ArgDef a : d.getOutputArgList()) {
      if (a.getName().equals(arg)) return index + i;
      if (!a.getNumberAttr().isEmpty())
        index += (int) n.getAttrOrThrow(a.getNumberAttr()).getI();
      else if (!a.getTypeListAttr().isEmpty())
        index += n.getAttrOrThrow(a.getTypeListAttr()).getList().getTypeCount();
      else index++;
    }
    throw new IllegalArgumentException(
        "Op '" + n.getName() + "' (" + n.getOp() + ") has no output '" + arg + "'");
  }
}
