package io.tfweave.models;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Node;
import io.tfweave.layers.SymbolicTensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;

/** A model's layer graph: the layer calls in execution order, its layers, their unique names, and its forward pass. */
final class Topology {
  private Topology() {}

  static List<Node> order(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
    Set<Node> inputNodes = new HashSet<>();
    for (SymbolicTensor t : inputs) inputNodes.add(t.node());
    List<Node> order = new ArrayList<>();
    Set<Node> done = new HashSet<>();
    Set<Node> visiting = new HashSet<>();
    for (SymbolicTensor t : outputs) visit(t.node(), inputNodes, done, visiting, order);
    return order;
  }

  private static void visit(
      Node n, Set<Node> inputNodes, Set<Node> done, Set<Node> visiting, List<Node> order) {
    if (done.contains(n) || inputNodes.contains(n)) return;
    if (n.inputs().isEmpty()) {
      String what = n.layer().name() != null
          ? "'" + n.layer().name() + "'"
          : "an unnamed " + n.layer().className()
              + (n.outputs().isEmpty()
                  ? ""
                  : " of shape "
                      + io.tfweave.shape.Shapes.keras(n.outputs().get(0).shape()));
      throw new IllegalArgumentException("Graph disconnected: the outputs depend on input " + what
          + ", which is not among " + "the model's inputs; pass it in Model.of(inputs, outputs)");
    }
    if (!visiting.add(n))
      throw new IllegalArgumentException(
          "The layer graph has a cycle at '" + n.layer().name() + "'");
    for (SymbolicTensor t : n.inputs()) visit(t.node(), inputNodes, done, visiting, order);
    visiting.remove(n);
    done.add(n);
    order.add(n);
  }

  static void assignNames(List<Layer> layers) {
    LayerNames names = new LayerNames();
    for (Layer l : layers) {
      if (l.name() != null && !names.reserve(l.name())) {
        throw new IllegalArgumentException(
            "Layer names must be unique within a model; '" + l.name() + "' is used twice");
      }
    }
    for (Layer l : layers) names.nameIfUnnamed(l);
  }

  /** The layers of the calls in {@code order} (with the Input layers first for functional models, as in Keras). */
  static List<Layer> layers(List<SymbolicTensor> inputs, List<Node> order, boolean sequential) {
    Set<Layer> seen = new LinkedHashSet<>();
    if (!sequential) for (SymbolicTensor t : inputs) seen.add(t.layer());
    for (Node n : order) seen.add(n.layer());
    return List.copyOf(seen);
  }

  /** Adds the ops of the layer calls {@code order} on {@code x} (one operand per input); returns the outputs. */
  static List<Operand<?>> forward(
      Ops tf,
      List<SymbolicTensor> inputs,
      List<Node> order,
      List<SymbolicTensor> outputs,
      List<Operand<?>> x,
      CallMode mode) {
    Map<SymbolicTensor, Operand<?>> values = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) values.put(inputs.get(i), x.get(i));
    for (Node n : order) {
      List<Operand<?>> in = new ArrayList<>();
      for (SymbolicTensor t : n.inputs()) in.add(values.get(t));
      List<Operand<?>> out = n.layer().invoke(tf, in, mode);
      for (int i = 0; i < out.size(); i++) values.put(n.outputs().get(i), out.get(i));
    }
    List<Operand<?>> result = new ArrayList<>();
    for (SymbolicTensor t : outputs) result.add(values.get(t));
    return result;
  }
}
