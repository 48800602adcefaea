package io.tfweave.saving;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;

/**
 * Freezes the resource-variable reads of a TF2 signature graph once the variable handles have become float placeholders:
 * {@code ReadVariableOp(handle)} becomes {@code Identity(value)}, and a function call ({@code StatefulPartitionedCall}, how
 * TF2 signatures capture their variables) that receives handles calls a rewritten copy of its function that takes the values
 * instead, recursively. Used by {@link SignatureFunction}.
 */
final class ResourceReads {
  private ResourceReads() {}

  /**
   * Once the variable handles are float placeholders: {@code ReadVariableOp(handle)} becomes {@code Identity(value)}, and a
   * function call ({@code StatefulPartitionedCall}, how TF2 signatures capture their variables) that receives handles calls
   * a rewritten copy of its function that takes the values instead (recursively, see {@link #frozenFunction}).
   */
  static void freeze(GraphDef.Builder g, Set<String> handles, FunctionDefLibrary library) {
    Map<String, FunctionDef> lib = new HashMap<>();
    for (FunctionDef f : library.getFunctionList()) lib.put(f.getSignature().getName(), f);
    Map<String, FunctionDef> added = new LinkedHashMap<>();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeDef n = g.getNode(i);
      BitSet resourceInputs = new BitSet();
      int data = 0;
      for (String in : n.getInputList()) {
        if (in.startsWith("^")) continue;
        if (handles.contains(SignatureFunction.nodeName(in))) resourceInputs.set(data);
        data++;
      }
      if (!resourceInputs.isEmpty())
        g.setNode(i, rewriteUse(n, resourceInputs, lib, added, "graph"));
    }
    FunctionDefLibrary.Builder lb = g.getLibraryBuilder();
    for (FunctionDef f : added.values()) lb.addFunction(f);
  }

  static boolean isCall(String op) {
    return op.equals("StatefulPartitionedCall") || op.equals("PartitionedCall");
  }

  /** Rewrites node {@code n} whose data inputs at {@code resourceInputs} now carry variable values instead of handles. */
  private static NodeDef rewriteUse(
      NodeDef n,
      BitSet resourceInputs,
      Map<String, FunctionDef> lib,
      Map<String, FunctionDef> added,
      String where) {
    if (n.getOp().equals("ReadVariableOp")) {
      return n.toBuilder()
          .setOp("Identity")
          .putAttr("T", n.getAttrOrThrow("dtype"))
          .removeAttr("dtype")
          .build();
    }
    if (isCall(n.getOp())) {
      String fn =
          frozenFunction(n.getAttrOrThrow("f").getFunc().getName(), resourceInputs, lib, added);
      AttrValue.ListValue.Builder tin = n.getAttrOrThrow("Tin").getList().toBuilder();
      for (int k = resourceInputs.nextSetBit(0); k >= 0; k = resourceInputs.nextSetBit(k + 1))
        tin.setType(k, DataType.DT_FLOAT);
      return n.toBuilder()
          .putAttr("Tin", AttrValue.newBuilder().setList(tin).build())
          .putAttr(
              "f",
              AttrValue.newBuilder()
                  .setFunc(NameAttrList.newBuilder().setName(fn))
                  .build())
          .removeAttr("_read_only_resource_inputs")
          .build();
    }
    throw new UnsupportedOperationException(
        "Op '" + n.getName() + "' (" + n.getOp() + ") in " + where + " uses a resource "
            + "variable other than by reading it; SavedModelLayer handles only ReadVariableOp reads and function calls");
  }

  /**
   * A copy of library function {@code name} whose inputs at {@code resourceArgs} are float values instead of resource
   * handles: reads become {@code Identity}, nested calls are rewritten the same way. Returns the copy's name.
   */
  private static String frozenFunction(
      String name,
      BitSet resourceArgs,
      Map<String, FunctionDef> lib,
      Map<String, FunctionDef> added) {
    String newName = name + "_tfweave_frozen_" + resourceArgs.toString().replaceAll("[^0-9]+", "_");
    if (added.containsKey(newName)) return newName;
    FunctionDef f = lib.get(name);
    if (f == null)
      throw new IllegalArgumentException(
          "SavedModel calls function '" + name + "', which is not in its library");
    FunctionDef.Builder b = f.toBuilder();
    b.getSignatureBuilder().setName(newName);
    Set<String> args = new HashSet<>();
    for (int k = resourceArgs.nextSetBit(0); k >= 0; k = resourceArgs.nextSetBit(k + 1)) {
      var arg = b.getSignatureBuilder().getInputArgBuilder(k);
      if (arg.getType() != DataType.DT_RESOURCE) {
        throw new UnsupportedOperationException("Function '" + name + "' argument '" + arg.getName()
            + "' receives a " + "variable handle but is declared " + arg.getType());
      }
      arg.setType(DataType.DT_FLOAT).clearHandleData();
      args.add(arg.getName());
      b.removeResourceArgUniqueId(k);
      if (b.containsArgAttr(k)) {
        var attrs = b.getArgAttrOrThrow(k).toBuilder();
        attrs.removeAttr("_handle_dtypes").removeAttr("_handle_shapes");
        b.putArgAttr(k, attrs.build());
      }
    }
    added.put(newName, null); // reserves the name (recursion)
    Set<String> reads = new HashSet<>();
    for (int i = 0; i < b.getNodeDefCount(); i++) {
      NodeDef n = b.getNodeDef(i);
      BitSet uses = new BitSet();
      int data = 0;
      for (String in : n.getInputList()) {
        if (in.startsWith("^")) continue;
        if (args.contains(in)) uses.set(data);
        data++;
      }
      if (!uses.isEmpty()) {
        if (n.getOp().equals("ReadVariableOp")) reads.add(n.getName());
        b.setNodeDef(i, rewriteUse(n, uses, lib, added, "function '" + name + "'"));
      }
    }
    // inside a function body outputs are named: ReadVariableOp's is "value", Identity's "output"
    for (int i = 0; i < b.getNodeDefCount(); i++) {
      NodeDef.Builder nb = b.getNodeDef(i).toBuilder();
      boolean changed = false;
      for (int j = 0; j < nb.getInputCount(); j++) {
        String fixed = renameReadOutput(nb.getInput(j), reads);
        if (!fixed.equals(nb.getInput(j))) {
          nb.setInput(j, fixed);
          changed = true;
        }
      }
      if (changed) b.setNodeDef(i, nb.build());
    }
    for (Map.Entry<String, String> e : new ArrayList<>(b.getRetMap().entrySet())) {
      b.putRet(e.getKey(), renameReadOutput(e.getValue(), reads));
    }
    for (String out : b.getRetMap().values()) {
      if (args.contains(SignatureFunction.nodeName(out))) {
        throw new UnsupportedOperationException("Function '" + name
            + "' returns a variable handle; SavedModelLayer cannot " + "freeze it");
      }
    }
    added.put(newName, b.build());
    return newName;
  }

  private static String renameReadOutput(String input, Set<String> reads) {
    String[] p = input.split(":");
    return p.length == 3 && p[1].equals("value") && reads.contains(p[0])
        ? p[0] + ":output:" + p[2]
        : input;
  }
}
