package io.tfweave.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.saving.CheckpointReader;
import io.tfweave.saving.CheckpointVariable;
import io.tfweave.saving.SavedModelInfo;
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
 * {@code tfweave summary <savedmodel>}: the layer table (name, type, output shape, parameter count) of a tfweave export,
 * read from {@code assets/model.json}; counts missing from the JSON are taken from the checkpoint by variable name
 * ({@code layer/weight}). Without {@code assets/model.json}, lists the checkpoint's weights grouped by layer.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print the layer table of a tfweave SavedModel export (assets/model.json + checkpoint sizes).")
final class SummaryCommand implements Callable<Integer> {
  static final String MODEL_JSON = "assets/model.json";
  private static final int[] COLUMNS = {40, 66, 80};

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SAVEDMODEL", description = "SavedModel directory exported by tfweave.")
  Path dir;

  @Override
  public Integer call() {
    CliFiles.savedModelDir(dir);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Long> weights = checkpointWeights();
    Path json = dir.resolve(MODEL_JSON);
    if (!Files.isRegularFile(json)) {
      out.println("No " + MODEL_JSON + " in '" + dir + "' (not a tfweave export); its variables, by layer:");
      printByLayer(out, variablesByName(weights));
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
    printTable(out, d, weights);
    return 0;
  }

  /** Checkpoint tensors by name with their element counts, bookkeeping entries left out. */
  private Map<String, Long> checkpointWeights() {
    Map<String, Long> out = new LinkedHashMap<>();
    if (!Files.exists(dir.resolve("variables").resolve("variables.index"))) return out;
    try {
      for (CheckpointVariable v : CheckpointReader.open(dir).variables()) {
        String n = v.name();
        if (n.startsWith("_") || n.contains(".OPTIMIZER_SLOT") || n.equals("global_step") || n.startsWith("save_counter")) continue;
        out.put(n, v.numElements());
      }
    } catch (IOException e) {
      throw new CliException("could not read the checkpoint in " + dir.resolve("variables") + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static void printTable(PrintWriter out, ModelJson.Description d, Map<String, Long> weights) {
    int width = COLUMNS[COLUMNS.length - 1];
    out.println("Model: \"" + d.name() + "\" (" + d.className() + ")");
    out.println("_".repeat(width));
    row(out, "Layer (type)", "Output Shape", "Param #");
    out.println("=".repeat(width));
    List<ModelJson.Row> rows = d.rows();
    // Checkpoint names help only when they follow the layer names (tfweave's layer/weight), not TF2 object paths.
    boolean named = rows.stream().anyMatch(r -> weights.keySet().stream()
        .anyMatch(n -> n.startsWith(r.path() + "/") || n.startsWith(r.name() + "/")));
    Map<String, Long> byName = named ? weights : Map.of();
    List<Long> params = new ArrayList<>();
    for (int i = rows.size() - 1; i >= 0; i--) params.add(0, params(rows, i, byName, params));
    long total = 0;
    boolean complete = true;
    for (int i = 0; i < rows.size(); i++) {
      ModelJson.Row r = rows.get(i);
      Long p = params.get(i);
      row(out, "  ".repeat(r.depth()) + r.name() + " (" + r.type() + ")", r.outputShape() == null ? "?" : r.outputShape(),
          p == null ? "?" : CliFiles.count(p));
      if (r.depth() == 0) {
        if (p == null) complete = false;
        else total += p;
      }
    }
    out.println("=".repeat(width));
    long stored = weights.values().stream().mapToLong(Long::longValue).sum();
    if (complete) out.println("Total params: " + CliFiles.count(total));
    else if (!weights.isEmpty()) out.println("Total params: " + CliFiles.count(stored) + " (from the checkpoint)");
    else out.println("Total params: unknown (no counts in the JSON and no checkpoint)");
    if (!weights.isEmpty() && complete && stored != total) {
      out.println("Checkpoint: " + CliFiles.count(stored) + " values in " + weights.size() + " tensors");
    }
    out.println("_".repeat(width));
    d.metadata().forEach((k, v) -> out.println(k + ": " + v));
  }

  /** The JSON's count, else the checkpoint tensors under the layer's path, else the sum over its nested layers. */
  private static Long params(List<ModelJson.Row> rows, int i, Map<String, Long> weights, List<Long> later) {
    ModelJson.Row r = rows.get(i);
    if (r.params() != null) return r.params();
    long sum = 0;
    boolean found = false;
    for (Map.Entry<String, Long> w : weights.entrySet()) {
      String n = w.getKey();
      if (n.startsWith(r.path() + "/") || (r.depth() > 0 && n.startsWith(r.name() + "/"))) {
        sum += w.getValue();
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
        if (!v.shape().isUnknown() && v.shape().size() >= 0) out.put(v.name(), v.shape().size());
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
    out.println("_".repeat(COLUMNS[2]));
    row(out, "Layer (variable prefix)", "", "Param #");
    out.println("=".repeat(COLUMNS[2]));
    byLayer.forEach((layer, n) -> row(out, layer, "", CliFiles.count(n)));
    out.println("=".repeat(COLUMNS[2]));
    out.println("Total params: " + CliFiles.count(weights.values().stream().mapToLong(Long::longValue).sum()));
  }

  private static void row(PrintWriter out, String a, String b, String c) {
    String first = a.length() >= COLUMNS[0] - 1 ? a.substring(0, COLUMNS[0] - 2) + "…" : a;
    out.println(" " + pad(first, COLUMNS[0] - 1) + pad(b, COLUMNS[1] - COLUMNS[0]) + c);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
