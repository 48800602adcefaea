package io.tfweave.saving;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Freezes the resource-variable uses of a TF2 signature graph once the variable handles have become float placeholders.
 * The tensors that carry a handle are followed through the graph and through every function they reach: nodes that pass
 * a handle on ({@code Identity}, the loop variables of {@code While}, the arguments of {@code If} and of function calls,
 * how TF2 signatures capture their variables) now pass the value, and nodes that use it read the value instead
 * ({@code ReadVariableOp} becomes {@code Identity}, {@code ResourceGather} {@code GatherV2}, see {@link ResourceUses}).
 * Each function that receives handles is replaced by a copy that takes values. Used by {@link SignatureFunction}.
 */
final class ResourceReads {
  private final Map<String, FunctionDef> lib = new HashMap<>();
  private final Map<String, FunctionDef> added = new LinkedHashMap<>();
  private final Map<String, BitSet> returned = new HashMap<>();

  private ResourceReads(FunctionDefLibrary library) {
    for (FunctionDef f : library.getFunctionList()) lib.put(f.getSignature().getName(), f);
  }

  /** Rewrites graph {@code g}, whose nodes {@code handles} are now float placeholders, and adds the rewritten functions. */
  static void freeze(GraphDef.Builder g, Set<String> handles, FunctionDefLibrary library) {
    ResourceReads r = new ResourceReads(library);
    Set<String> carriers = new HashSet<>();
    for (String h : handles) carriers.add(h + ":0");
    List<NodeDef> nodes = new ArrayList<>(g.getNodeList());
    carriers = r.carriers(nodes, carriers, false);
    List<NodeDef> out = r.rewrite(nodes, carriers, false, "graph");
    g.clearNode().addAllNode(out);
    FunctionDefLibrary.Builder lb = g.getLibraryBuilder();
    for (FunctionDef f : r.added.values()) lb.addFunction(f);
  }

  static boolean isCall(String op) {
    return op.equals("StatefulPartitionedCall") || op.equals("PartitionedCall");
  }

  /** A tensor reference in canonical form: {@code node:i} in a graph, as written in a function body. */
  private static String canonical(String input, boolean fn) {
    return fn || input.contains(":") ? input : input + ":0";
  }

  /** The reference to output {@code i} of node {@code n} (every op that passes a handle on names its outputs "output"). */
  static String outputRef(String node, int i, boolean fn) {
    return fn ? node + ":output:" + i : node + ":" + i;
  }

  /** The data inputs of {@code n} that carry a handle. */
  private static BitSet uses(NodeDef n, Set<String> carriers, boolean fn) {
    BitSet uses = new BitSet();
    int data = 0;
    for (String in : n.getInputList()) {
      if (in.startsWith("^")) continue;
      if (carriers.contains(canonical(in, fn))) uses.set(data);
      data++;
    }
    return uses;
  }

  /** All tensors of {@code nodes} that carry a handle, starting from {@code initial} (a fixed point: bodies are unordered). */
  private Set<String> carriers(List<NodeDef> nodes, Set<String> initial, boolean fn) {
    Set<String> carriers = new HashSet<>(initial);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (NodeDef n : nodes) {
        BitSet uses = uses(n, carriers, fn);
        if (uses.isEmpty()) continue;
        BitSet outs = passedOn(n, uses);
        for (int k = outs.nextSetBit(0); k >= 0; k = outs.nextSetBit(k + 1))
          changed |= carriers.add(outputRef(n.getName(), k, fn));
      }
    }
    return carriers;
  }

  /** The outputs of {@code n} that carry a handle when its data inputs {@code uses} do. */
  BitSet passedOn(NodeDef n, BitSet uses) {
    String op = n.getOp();
    BitSet out = new BitSet();
    if (op.equals("Identity")) {
      out.or(uses);
    } else if (ResourceUses.isWhile(op)) {
      out.or(uses);
    } else if (ResourceUses.isIf(op)) {
      BitSet args = uses.get(1, Math.max(1, uses.length()));
      out.or(returnedHandles(ResourceUses.func(n, "then_branch"), args));
      out.or(returnedHandles(ResourceUses.func(n, "else_branch"), args));
    } else if (isCall(op)) {
      out.or(returnedHandles(ResourceUses.func(n, "f"), uses));
    }
    return out;
  }

  /** The outputs of function {@code name} that return a handle when its arguments {@code args} are handles. */
  BitSet returnedHandles(String name, BitSet args) {
    String key = name + args;
    BitSet known = returned.get(key);
    if (known != null) return known;
    returned.put(key, new BitSet()); // recursion guard
    FunctionDef f = function(name);
    Set<String> carriers = carriers(f.getNodeDefList(), argNames(f, args), true);
    BitSet out = new BitSet();
    for (int i = 0; i < f.getSignature().getOutputArgCount(); i++) {
      String ret = f.getRetOrDefault(f.getSignature().getOutputArg(i).getName(), "");
      if (carriers.contains(ret)) out.set(i);
    }
    returned.put(key, out);
    return out;
  }

  private FunctionDef function(String name) {
    FunctionDef f = lib.get(name);
    if (f == null)
      throw new IllegalArgumentException(
          "SavedModel calls function '" + name + "', which is not in its library");
    return f;
  }

  private static Set<String> argNames(FunctionDef f, BitSet args) {
    Set<String> names = new HashSet<>();
    for (int k = args.nextSetBit(0); k >= 0; k = args.nextSetBit(k + 1)) {
      if (k >= f.getSignature().getInputArgCount()) {
        throw new IllegalArgumentException("Function '" + f.getSignature().getName() + "' has "
            + f.getSignature().getInputArgCount() + " arguments, called with more");
      }
      names.add(f.getSignature().getInputArg(k).getName());
    }
    return names;
  }

  /** {@code nodes} with every use of a handle rewritten (plus the constants the rewrites need). */
  private List<NodeDef> rewrite(
      List<NodeDef> nodes, Set<String> carriers, boolean fn, String where) {
    List<NodeDef> out = new ArrayList<>();
    List<NodeDef> extra = new ArrayList<>();
    for (NodeDef n : nodes) {
      BitSet uses = uses(n, carriers, fn);
      if (uses.isEmpty()) {
        out.add(n);
      } else {
        List<NodeDef> r = ResourceUses.rewrite(this, n, uses, fn, where);
        out.add(r.get(0));
        extra.addAll(r.subList(1, r.size()));
      }
    }
    out.addAll(extra);
    return out;
  }

  /**
   * A copy of library function {@code name} whose arguments {@code args} are float values instead of resource handles
   * (and whose outputs that returned those handles return the values). Returns the copy's name.
   */
  String frozenFunction(String name, BitSet args) {
    String newName = name + "_tfweave_frozen_" + args.toString().replaceAll("[^0-9]+", "_");
    if (added.containsKey(newName)) return newName;
    FunctionDef f = function(name);
    FunctionDef.Builder b = f.toBuilder();
    b.getSignatureBuilder().setName(newName);
    for (int k = args.nextSetBit(0); k >= 0; k = args.nextSetBit(k + 1)) {
      var arg = b.getSignatureBuilder().getInputArgBuilder(k);
      if (arg.getType() != DataType.DT_RESOURCE) {
        throw new UnsupportedOperationException("Function '" + name + "' argument '" + arg.getName()
            + "' receives a variable handle but is declared " + arg.getType());
      }
      arg.setType(DataType.DT_FLOAT).clearHandleData();
      b.removeResourceArgUniqueId(k);
      if (b.containsArgAttr(k)) {
        // the handle's scalar shape would contradict the value's (Python's importer checks it)
        var attrs = b.getArgAttrOrThrow(k).toBuilder();
        attrs
            .removeAttr("_handle_dtypes")
            .removeAttr("_handle_shapes")
            .removeAttr("_output_shapes");
        b.putArgAttr(k, attrs.build());
      }
    }
    if (b.containsAttr("_input_shapes")) // Python's function importer shapes the arguments by it
    b.putAttr("_input_shapes", ResourceUses.unknownShapes(b.getAttrOrThrow("_input_shapes"), args));
    added.put(newName, null); // reserves the name (recursion)
    Set<String> argNames = argNames(f, args);
    Set<String> carriers = carriers(f.getNodeDefList(), argNames, true);
    Set<String> reads = new HashSet<>();
    for (NodeDef n : f.getNodeDefList()) {
      if (n.getOp().equals("ReadVariableOp") && !uses(n, carriers, true).isEmpty())
        reads.add(n.getName());
    }
    List<NodeDef> body = rewrite(f.getNodeDefList(), carriers, true, "function '" + name + "'");
    b.clearNodeDef();
    for (NodeDef n : body) b.addNodeDef(renameReadOutputs(n, reads));
    for (Map.Entry<String, String> e : new ArrayList<>(b.getRetMap().entrySet()))
      b.putRet(e.getKey(), renameReadOutput(e.getValue(), reads));
    BitSet rets = returnedHandles(name, args);
    for (int i = rets.nextSetBit(0); i >= 0; i = rets.nextSetBit(i + 1))
      b.getSignatureBuilder().getOutputArgBuilder(i).setType(DataType.DT_FLOAT).clearHandleData();
    added.put(newName, b.build());
    return newName;
  }

  /** Inside a function body outputs are named: ReadVariableOp's is "value", Identity's "output". */
  private static NodeDef renameReadOutputs(NodeDef n, Set<String> reads) {
    NodeDef.Builder nb = null;
    for (int j = 0; j < n.getInputCount(); j++) {
      String fixed = renameReadOutput(n.getInput(j), reads);
      if (!fixed.equals(n.getInput(j))) {
        if (nb == null) nb = n.toBuilder();
        nb.setInput(j, fixed);
      }
    }
    return nb == null ? n : nb.build();
  }

  private static String renameReadOutput(String input, Set<String> reads) {
    String[] p = input.split(":");
    return p.length == 3 && p[1].equals("value") && reads.contains(p[0])
        ? p[0] + ":output:" + p[2]
        : input;
  }
}
