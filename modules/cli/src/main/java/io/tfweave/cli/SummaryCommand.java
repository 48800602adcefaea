package io.tfweave.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.CheckpointVariable;
import io.tfweave.formats.SavedModelInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tfweave summary <savedmodel>}: the layer table of a tfweave export (name, type, output shape when recorded,
 * parameter count, inbound layers for functional models) read from {@code assets/model.json}, with Keras's parameter
 * totals. Counts come from the JSON's {@code weights} list ({@code layer/weight} names), else from the checkpoint. Without
 * {@code assets/model.json}, lists the SavedModel's variables grouped by layer.
 */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description =
        "Print the layer table of a tfweave SavedModel export (assets/model.json + weight sizes).")
final class SummaryCommand implements Callable<Integer> {
  static final String MODEL_JSON = "assets/model.json";
  private static final int[] COLUMNS = {40, 66, 80};
  private static final int[] FUNCTIONAL_COLUMNS = {40, 66, 80, 110};

  @Spec
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SAVEDMODEL",
      description = "SavedModel directory exported by tfweave.")
  Path dir;

  @Override
  public Integer call() {
    CliFiles.savedModelDir(dir);
    PrintWriter out = spec.commandLine().getOut();
    Path json = dir.resolve(MODEL_JSON);
    if (!Files.isRegularFile(json)) {
      out.println("No " + MODEL_JSON + " in '" + dir
          + "' (not a tfweave export); its variables, by layer:");
      printByLayer(out, variablesByName(checkpointWeights()));
      return 0;
    }
    ModelJson.Description d;
    try {
      d = ModelJson.describe(new ObjectMapper().readTree(json.toFile()), json.toString());
    } catch (JsonProcessingException e) {
      throw new CliException("'" + json + "' is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CliException("could not read '" + json + "': " + e.getMessage(), e);
    }
    List<ModelJson.WeightEntry> weights = d.weights().isEmpty() ? fromCheckpoint() : d.weights();
    printTable(out, d, weights, !d.weights().isEmpty());
    return 0;
  }

  private List<ModelJson.WeightEntry> fromCheckpoint() {
    List<ModelJson.WeightEntry> out = new ArrayList<>();
    checkpointWeights().forEach((n, size) -> out.add(new ModelJson.WeightEntry(n, size, true)));
    return out;
  }

  /** Checkpoint tensors by name with their element counts, bookkeeping entries left out. */
  private Map<String, Long> checkpointWeights() {
    Map<String, Long> out = new LinkedHashMap<>();
    if (!Files.exists(dir.resolve("variables").resolve("variables.index"))) return out;
    try {
      for (CheckpointVariable v : CheckpointReader.open(dir).variables()) {
        String n = v.name();
        if (n.startsWith("_")
            || n.contains(".OPTIMIZER_SLOT")
            || n.equals("global_step")
            || n.startsWith("save_counter")) continue;
        out.put(n, v.numElements());
      }
    } catch (IOException e) {
      throw new CliException(
          "could not read the checkpoint in " + dir.resolve("variables") + ": " + e.getMessage(),
          e);
    }
    return out;
  }

  private static void printTable(
      PrintWriter out,
      ModelJson.Description d,
      List<ModelJson.WeightEntry> weights,
      boolean trainableKnown) {
    List<ModelJson.Row> rows = d.rows();
    boolean functional = rows.stream().anyMatch(r -> r.connectedTo() != null);
    int[] cols = functional ? FUNCTIONAL_COLUMNS : COLUMNS;
    int width = cols[cols.length - 1];
    out.println("Model: \"" + d.name() + "\" (" + d.className() + ")");
    out.println("_".repeat(width));
    row(
        out,
        cols,
        functional
            ? List.of("Layer (type)", "Output Shape", "Param #", "Connected to")
            : List.of("Layer (type)", "Output Shape", "Param #"));
    out.println("=".repeat(width));
    // Weight names help only when they follow the layer names (tfweave's layer/weight), not TF2
    // object paths.
    boolean named = rows.stream().anyMatch(r -> weights.stream().anyMatch(w -> under(w.name(), r)));
    List<ModelJson.WeightEntry> byName = named ? weights : List.of();
    List<Long> params = new ArrayList<>();
    for (int i = rows.size() - 1; i >= 0; i--) params.add(0, params(rows, i, byName, params));
    long sum = 0;
    boolean complete = true;
    for (int i = 0; i < rows.size(); i++) {
      ModelJson.Row r = rows.get(i);
      Long p = params.get(i);
      List<String> fields = new ArrayList<>(List.of(
          "  ".repeat(r.depth()) + r.name() + " (" + r.type() + ")",
          r.outputShape() == null ? "?" : r.outputShape(),
          p == null ? "?" : CliFiles.count(p)));
      if (functional) fields.add(r.connectedTo() == null ? "" : r.connectedTo());
      row(out, cols, fields);
      if (r.depth() == 0) {
        if (p == null) complete = false;
        else sum += p;
      }
    }
    out.println("=".repeat(width));
    long total = weights.stream().mapToLong(ModelJson.WeightEntry::size).sum();
    if (!weights.isEmpty()) {
      long trainable = weights.stream()
          .filter(ModelJson.WeightEntry::trainable)
          .mapToLong(ModelJson.WeightEntry::size)
          .sum();
      out.println("Total params: " + CliFiles.count(total)
          + (d.weights().isEmpty() ? " (from the checkpoint)" : ""));
      if (trainableKnown) {
        out.println("Trainable params: " + CliFiles.count(trainable));
        out.println("Non-trainable params: " + CliFiles.count(total - trainable));
      }
    } else {
      out.println("Total params: "
          + (complete ? CliFiles.count(sum) : "unknown (no counts in the JSON and no checkpoint)"));
    }
    out.println("_".repeat(width));
    d.metadata().forEach((k, v) -> out.println(k + ": " + v));
  }

  private static boolean under(String weight, ModelJson.Row r) {
    return weight.startsWith(r.path() + "/")
        || (r.depth() > 0 && weight.startsWith(r.name() + "/"));
  }

  /** The JSON's count, else the weights under the layer's path, else the sum over its nested layers. */
  private static Long params(
      List<ModelJson.Row> rows, int i, List<ModelJson.WeightEntry> weights, List<Long> later) {
    ModelJson.Row r = rows.get(i);
    if (r.params() != null) return r.params();
    long sum = 0;
    boolean found = false;
    for (ModelJson.WeightEntry w : weights) {
      if (under(w.name(), r)) {
        sum += w.size();
        found = true;
      }
    }
    if (found) return sum;
    long children = 0;
    boolean any = false;
    for (int j = i + 1, k = 0; j < rows.size() && rows.get(j).depth() > r.depth(); j++, k++) {
      if (rows.get(j).depth() != r.depth() + 1) continue;
      Long p = later.get(k);
      if (p == null) return weights.isEmpty() ? null : 0L;
      children += p;
      any = true;
    }
    if (any) return children;
    return weights.isEmpty() ? null : 0L;
  }

  /** The SavedModel's own variable names and sizes (object graph or graph nodes), else the checkpoint keys. */
  private Map<String, Long> variablesByName(Map<String, Long> checkpoint) {
    Map<String, Long> out = new LinkedHashMap<>();
    try {
      for (SavedModelInfo.VariableInfo v : SavedModelInfo.read(dir).variables()) {
        if (!v.shape().isUnknown() && v.shape().size() >= 0)
          out.put(v.name(), v.shape().size());
      }
    } catch (IOException | IllegalArgumentException e) {
      out.clear();
    }
    if (!out.isEmpty()) return out;
    checkpoint.forEach((k, n) -> out.put(k.replaceFirst("/\\.ATTRIBUTES/VARIABLE_VALUE$", ""), n));
    return out;
  }

  private static void printByLayer(PrintWriter out, Map<String, Long> weights) {
    Map<String, Long> byLayer = new LinkedHashMap<>();
    for (Map.Entry<String, Long> w : weights.entrySet()) {
      String n = w.getKey();
      int slash = n.lastIndexOf('/');
      byLayer.merge(slash > 0 ? n.substring(0, slash) : n, w.getValue(), Long::sum);
    }
    int width = COLUMNS[COLUMNS.length - 1];
    out.println("_".repeat(width));
    row(out, COLUMNS, List.of("Layer (variable prefix)", "", "Param #"));
    out.println("=".repeat(width));
    byLayer.forEach((layer, n) -> row(out, COLUMNS, List.of(layer, "", CliFiles.count(n))));
    out.println("=".repeat(width));
    out.println("Total params: "
        + CliFiles.count(weights.values().stream().mapToLong(Long::longValue).sum()));
  }

  /** One table row: field {@code i} starts at column {@code cols[i - 1]} (the first at 1); long fields are cut. */
  private static void row(PrintWriter out, int[] cols, List<String> fields) {
    StringBuilder line = new StringBuilder(" ");
    for (int i = 0; i < fields.size(); i++) {
      int start = i == 0 ? 1 : cols[i - 1];
      int end = i < fields.size() - 1 ? cols[i] - 1 : Integer.MAX_VALUE;
      String f = fields.get(i);
      if (start + f.length() > end) f = f.substring(0, Math.max(0, end - start - 1)) + "…";
      while (line.length() < start) line.append(' ');
      line.append(f);
    }
    out.println(line.toString().stripTrailing());
  }
}
