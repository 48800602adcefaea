package io.tfweave.saving;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * How one node that receives a resource-variable handle is rewritten to receive the variable's value instead (see
 * {@link ResourceReads}): reads become value ops, and ops that pass the handle on pass the value on.
 *
 * <ul>
 *   <li>{@code ReadVariableOp} → {@code Identity}; {@code ResourceGather} → {@code GatherV2} (axis = {@code batch_dims});
 *       {@code ResourceGatherNd} → {@code GatherNd}; {@code VariableShape} → {@code Shape};
 *   <li>{@code Identity} passes the value;
 *   <li>function calls, {@code While} / {@code StatelessWhile} (the handle as a loop variable) and {@code If} /
 *       {@code StatelessIf} call copies of their functions that take values.
 * </ul>
 *
 * Anything else (e.g. {@code AssignVariableOp}) changes the variable, which a frozen copy cannot do, and is rejected.
 */
final class ResourceUses {
  private ResourceUses() {}

  static boolean isWhile(String op) {
    return op.equals("While") || op.equals("StatelessWhile");
  }

  static boolean isIf(String op) {
    return op.equals("If") || op.equals("StatelessIf");
  }

  static String func(NodeDef n, String attr) {
    return n.getAttrOrThrow(attr).getFunc().getName();
  }

  /** The replacement of {@code n}, whose data inputs {@code uses} now carry values, then any nodes it needs. */
  static List<NodeDef> rewrite(ResourceReads r, NodeDef n, BitSet uses, boolean fn, String where) {
    String op = n.getOp();
    NodeDef.Builder b = n.toBuilder().removeAttr("_handle_dtypes").removeAttr("_handle_shapes");
    switch (op) {
      case "ReadVariableOp":
        return List.of(b.setOp("Identity")
            .putAttr("T", n.getAttrOrThrow("dtype"))
            .removeAttr("dtype")
            .build());
      case "Identity":
        return List.of(
            b.putAttr("T", type(DataType.DT_FLOAT)).removeAttr("_output_shapes").build());
      case "VariableShape":
        return List.of(b.setOp("Shape").putAttr("T", type(DataType.DT_FLOAT)).build());
      case "ResourceGather":
      case "ResourceGatherNd":
        return gather(n, b, uses, fn, where);
      default:
        break;
    }
    b.removeAttr("_output_shapes").removeAttr("_read_only_resource_inputs");
    if (ResourceReads.isCall(op)) {
      BitSet rets = r.returnedHandles(func(n, "f"), uses);
      setFunc(b, n, "f", r.frozenFunction(func(n, "f"), uses));
      b.putAttr("Tin", floats(n.getAttrOrThrow("Tin"), uses));
      b.putAttr("Tout", floats(n.getAttrOrThrow("Tout"), rets));
      return List.of(b.build());
    }
    if (isWhile(op)) {
      String body = func(n, "body");
      if (!r.returnedHandles(body, uses).equals(uses)) {
        throw new UnsupportedOperationException(
            "Loop '" + n.getName() + "' (" + op + ") in " + where
                + " does not carry its variable handles unchanged; SavedModelLayer cannot freeze it");
      }
      setFunc(b, n, "cond", r.frozenFunction(func(n, "cond"), uses));
      setFunc(b, n, "body", r.frozenFunction(body, uses));
      b.putAttr("T", floats(n.getAttrOrThrow("T"), uses));
      if (n.containsAttr("output_shapes"))
        b.putAttr("output_shapes", unknownShapes(n.getAttrOrThrow("output_shapes"), uses));
      return List.of(b.build());
    }
    if (isIf(op)) {
      if (uses.get(0)) throw unsupported(n, where);
      BitSet args = uses.get(1, uses.length());
      BitSet rets = r.passedOn(n, uses);
      setFunc(b, n, "then_branch", r.frozenFunction(func(n, "then_branch"), args));
      setFunc(b, n, "else_branch", r.frozenFunction(func(n, "else_branch"), args));
      b.putAttr("Tin", floats(n.getAttrOrThrow("Tin"), args));
      b.putAttr("Tout", floats(n.getAttrOrThrow("Tout"), rets));
      if (n.containsAttr("output_shapes"))
        b.putAttr("output_shapes", unknownShapes(n.getAttrOrThrow("output_shapes"), rets));
      return List.of(b.build());
    }
    throw unsupported(n, where);
  }

  private static UnsupportedOperationException unsupported(NodeDef n, String where) {
    return new UnsupportedOperationException("Op '" + n.getName() + "' (" + n.getOp() + ") in "
        + where
        + " uses a resource variable other than by reading it; SavedModelLayer wraps signatures that only "
        + "read their variables (ReadVariableOp, ResourceGather, ResourceGatherNd, VariableShape, passed through "
        + "Identity, function calls, While and If)");
  }

  /** {@code ResourceGather(handle, indices)} → {@code GatherV2(value, indices, batch_dims)}; the Nd form likewise. */
  private static List<NodeDef> gather(
      NodeDef n, NodeDef.Builder b, BitSet uses, boolean fn, String where) {
    if (!uses.equals(BitSet.valueOf(new long[] {1}))) throw unsupported(n, where);
    b.putAttr("Tparams", n.getAttrOrThrow("dtype")).removeAttr("dtype");
    if (n.getOp().equals("ResourceGatherNd")) return List.of(b.setOp("GatherNd").build());
    long batchDims =
        n.containsAttr("batch_dims") ? n.getAttrOrThrow("batch_dims").getI() : 0;
    String axisName = n.getName() + "/tfweave_axis";
    NodeDef axis = NodeDef.newBuilder()
        .setName(axisName)
        .setOp("Const")
        .putAttr("dtype", type(DataType.DT_INT32))
        .putAttr(
            "value",
            AttrValue.newBuilder()
                .setTensor(TensorProto.newBuilder()
                    .setDtype(DataType.DT_INT32)
                    .setTensorShape(TensorShapeProto.getDefaultInstance())
                    .addIntVal((int) batchDims))
                .build())
        .build();
    List<String> data = new ArrayList<>();
    List<String> control = new ArrayList<>();
    for (String in : n.getInputList()) (in.startsWith("^") ? control : data).add(in);
    data.add(fn ? ResourceReads.outputRef(axisName, 0, true) : axisName);
    b.setOp("GatherV2")
        .removeAttr("validate_indices")
        .putAttr("Taxis", type(DataType.DT_INT32))
        .putAttr("batch_dims", AttrValue.newBuilder().setI(batchDims).build())
        .clearInput()
        .addAllInput(data)
        .addAllInput(control);
    return List.of(b.build(), axis);
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static void setFunc(NodeDef.Builder b, NodeDef n, String attr, String name) {
    b.putAttr(
        attr,
        AttrValue.newBuilder()
            .setFunc(n.getAttrOrThrow(attr).getFunc().toBuilder().setName(name))
            .build());
  }

  /** A type-list attribute with the entries at {@code at} set to float. */
  private static AttrValue floats(AttrValue list, BitSet at) {
    AttrValue.ListValue.Builder l = list.getList().toBuilder();
    for (int k = at.nextSetBit(0); k >= 0; k = at.nextSetBit(k + 1)) {
      if (k >= l.getTypeCount())
        throw new IllegalArgumentException("type list " + list + " has no entry " + k);
      l.setType(k, DataType.DT_FLOAT);
    }
    return AttrValue.newBuilder().setList(l).build();
  }

  /** A shape-list attribute with the entries at {@code at} (a handle's scalar shape) made unknown. */
  static AttrValue unknownShapes(AttrValue list, BitSet at) {
    AttrValue.ListValue.Builder l = list.getList().toBuilder();
    for (int k = at.nextSetBit(0); k >= 0 && k < l.getShapeCount(); k = at.nextSetBit(k + 1))
      l.setShape(k, TensorShapeProto.newBuilder().setUnknownRank(true));
    return AttrValue.newBuilder().setList(l).build();
  }
}
