package io.tfweave.models;

import io.tfweave.layers.Layer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Re-throws native TensorFlow errors of a model's session run naming the layer whose op failed, with a hint for the common
 * cases. TensorFlow makes scope names unique, so the ops of layer {@code embedding} may live under {@code embedding_1/}:
 * the layer is found by the weights the failing op reads, else by its name with such a suffix.
 */
final class NativeErrors {
  private static final Pattern NODE = Pattern.compile("\\{\\{node ([^}]+)}}");
  private static final Pattern INDEX =
      Pattern.compile("indices\\[[^]]*] = (-?\\d+) is not in \\[0, (\\d+)\\)");
  private static final int MAX_WALK = 400;

  private NativeErrors() {}

  /** {@code e} renamed after the failing layer when it is a native error; other exceptions are returned unchanged. */
  static RuntimeException rename(Model model, Graph graph, RuntimeException e) {
    // Native errors: TensorFlowException and its siblings (TFInvalidArgumentException extends
    // IllegalArgumentException).
    if (!(e instanceof TensorFlowException)
        && !e.getClass().getName().startsWith("org.tensorflow.exceptions.")) return e;
    String msg = String.valueOf(e.getMessage());
    Matcher node = NODE.matcher(msg);
    Layer l = node.find() ? layerOf(model, graph, node.group(1)) : null;
    if (l != null) {
      return new IllegalStateException(
          "Layer '" + l.name() + "' (" + l.className() + ") failed at run time: " + firstLine(msg)
              + hint(msg, l),
          e);
    }
    return new IllegalStateException(
        "TensorFlow failed while running model '" + model.name() + "': " + firstLine(msg)
            + hint(msg, null),
        e);
  }

  /** The layer whose op {@code node} is, or null. */
  static Layer layerOf(Model model, Graph graph, String node) {
    // the first scope of the op's path that names a layer: "embedding_1/Gather",
    // "train/embedding_1/Gather"
    String[] parts = node.split("/");
    for (int i = 0; i < Math.max(1, parts.length - 1); i++) {
      Layer l = layerOf(model, graph, node, parts[i]);
      if (l != null) return l;
    }
    return null;
  }

  private static Layer layerOf(Model model, Graph graph, String node, String scope) {
    List<Layer> candidates = new ArrayList<>();
    for (Layer l : model.allLayers()) {
      String n = l.name();
      if (n != null && (scope.equals(n) || scope.matches(Pattern.quote(n) + "(_\\d+)+")))
        candidates.add(l);
    }
    if (candidates.size() <= 1) return candidates.isEmpty() ? null : candidates.get(0);
    Layer byWeight = byWeightsRead(graph, node, candidates);
    if (byWeight != null) return byWeight;
    for (Layer l : candidates) if (l.name().equals(scope)) return l;
    return candidates.get(0);
  }

  /** The candidate whose variable ({@code layer/weight}) the op {@code node} reads, directly or through other ops. */
  private static Layer byWeightsRead(Graph graph, String node, List<Layer> candidates) {
    GraphOperation start = graph == null ? null : graph.operation(node);
    if (start == null) return null;
    Deque<GraphOperation> todo = new ArrayDeque<>(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty() && seen.size() < MAX_WALK) {
      GraphOperation op = todo.poll();
      if (!seen.add(op.name())) continue;
      if (op.type().equals("VariableV2")) {
        for (Layer l : candidates) if (op.name().startsWith(l.name() + "/")) return l;
        continue;
      }
      for (Operand<?> in : op.inputs()) todo.add((GraphOperation) in.op());
    }
    return null;
  }

  private static String hint(String msg, Layer l) {
    Matcher index = INDEX.matcher(msg);
    if (index.find()) {
      return ". Hint: input id " + index.group(1) + " is outside [0, " + index.group(2) + ")"
          + (l != null ? " of '" + l.name() + "'" : "")
          + "; ids must be at least 0 and smaller than the layer's vocabulary "
          + "size (Embedding inputDim, CategoryEncoding numTokens): enlarge it or clip the ids.";
    }
    if (msg.contains("Computed output size would be negative")) {
      return ". Hint: the input is smaller than the layer's window (kernel or pool size) here; feed larger inputs, use "
          + "padding(\"same\"), or a smaller window.";
    }
    return "";
  }

  static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
