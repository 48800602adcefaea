package io.tfweave.models;

import io.tfweave.graph.Weight;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Node;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Formats Keras's {@code model.summary()} table. */
final class Summary {
  private Summary() {}

  static String of(Model m) {
    boolean functional = !m.isSequential();
    int[] pos = functional ? new int[] {32, 58, 70, 98} : new int[] {29, 55, 65};
    int width = pos[pos.length - 1];
    StringBuilder b = new StringBuilder();
    b.append("Model: \"").append(m.name()).append("\"\n");
    b.append("_".repeat(width)).append('\n');
    row(
        b,
        pos,
        functional
            ? List.of("Layer (type)", "Output Shape", "Param #", "Connected to")
            : List.of("Layer (type)", "Output Shape", "Param #"));
    b.append("=".repeat(width)).append('\n');
    List<Layer> layers = m.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String shape = outputShape(m, l);
      List<String> fields = new ArrayList<>(
          List.of(l.name() + " (" + l.className() + ")", shape, Long.toString(l.countParams())));
      if (functional) fields.add(connected(m, l));
      row(b, pos, fields);
      if (i < layers.size() - 1) b.append(" ".repeat(width)).append('\n');
    }
    b.append("=".repeat(width)).append('\n');
    List<Weight> all = m.weights();
    Set<Weight> trainable = new LinkedHashSet<>(m.trainableWeights());
    long total = all.stream().mapToLong(Weight::size).sum();
    long train = trainable.stream().mapToLong(Weight::size).sum();
    b.append("Total params: ").append(String.format(Locale.ROOT, "%,d", total)).append('\n');
    b.append("Trainable params: ")
        .append(String.format(Locale.ROOT, "%,d", train))
        .append('\n');
    b.append("Non-trainable params: ")
        .append(String.format(Locale.ROOT, "%,d", total - train))
        .append('\n');
    b.append("_".repeat(width)).append('\n');
    return b.toString();
  }

  private static String outputShape(Model m, Layer l) {
    List<String> shapes = new ArrayList<>();
    for (SymbolicTensor t : m.inputs()) if (t.layer() == l) shapes.add(Shapes.keras(t.shape()));
    for (Node n : m.nodes()) {
      if (n.layer() == l) for (SymbolicTensor t : n.outputs()) shapes.add(Shapes.keras(t.shape()));
    }
    if (shapes.isEmpty()) return "?";
    return shapes.size() == 1 ? shapes.get(0) : "[" + String.join(", ", shapes) + "]";
  }

  private static String connected(Model m, Layer l) {
    List<String> parts = new ArrayList<>();
    for (Node n : m.nodes()) {
      if (n.layer() != l) continue;
      for (SymbolicTensor t : n.inputs()) parts.add(t.layer().name() + "[0][" + t.index() + "]");
    }
    return String.join(", ", parts);
  }

  private static void row(StringBuilder b, int[] pos, List<String> fields) {
    StringBuilder line = new StringBuilder(" ");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.setLength(Math.min(line.length(), pos[i - 1] - 1));
        while (line.length() < pos[i - 1]) line.append(' ');
      }
      line.append(fields.get(i));
    }
    String s = line.toString();
    if (s.length() > pos[pos.length - 1]) s = s.substring(0, pos[pos.length - 1]);
    b.append(s)
        .append(" ".repeat(Math.max(0, pos[pos.length - 1] - s.length())))
        .append('\n');
  }
}
