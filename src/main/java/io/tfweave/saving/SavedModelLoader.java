package io.tfweave.saving;

import io.tfweave.layers.Layer;
import io.tfweave.models.Model;
import io.tfweave.models.internal.TrainingRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Restores a tfweave export as a trainable model: the architecture from {@code assets/model.json} (layers rebuilt through
 * the layer registry), every weight from {@code variables/} (strict: names and shapes must match), the seed and the training
 * record (epochs, last metrics). The model is not compiled: call {@code compile} to continue training. Before anything is
 * built the export is checked as a whole ({@code saved_model.pb} parses, and its signature and variables agree with
 * {@code model.json}), so a damaged or mixed-up directory fails with a message naming the file.
 *
 * <p>SavedModels written by other tools have no {@code model.json}; load their weights into a tfweave architecture with
 * {@link WeightImport}, or wrap them as a frozen layer with {@link SavedModelLayer}.
 */
public final class SavedModelLoader {
  private SavedModelLoader() {}

  /** Loads the export at {@code dir}. */
  public static Model load(Path dir) {
    return load(dir, Map.of());
  }

  /** Loads the export at {@code dir}, rebuilding the layer classes {@code customObjects} names with its factories. */
  public static Model load(
      Path dir, Map<String, Function<Map<String, Object>, Layer>> customObjects) {
    Map<String, Object> json = readModelJson(dir);
    SavedModelValidation.check(dir, json);
    @SuppressWarnings("unchecked")
    Map<String, Object> arch = (Map<String, Object>) json.get("model");
    if (arch == null)
      throw new IllegalArgumentException(
          dir.resolve(SavedModelExporter.MODEL_JSON) + " has no 'model' entry");
    Model model = ModelConfig.toModel(arch, customObjects);
    Map<String, Object> prov = provenance(json);
    if (prov.get("seed") instanceof Number n) model.seed(n.longValue());
    WeightImport.from(dir).strict(true).into(model);
    int epochs = prov.get("epochs_trained") instanceof Number n ? n.intValue() : 0;
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (prov.get("last_metrics") instanceof Map<?, ?> m) {
      m.forEach((k, v) ->
          metrics.put(k.toString(), v instanceof Number x ? x.doubleValue() : Double.NaN));
    }
    TrainingRecords.restore(model, epochs, metrics);
    return model;
  }

  /** The parsed {@code assets/model.json} of a tfweave export. */
  public static Map<String, Object> readModelJson(Path dir) {
    Path file = dir.resolve(SavedModelExporter.MODEL_JSON);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "No " + SavedModelExporter.MODEL_JSON + " in " + dir + ": this is not a tfweave "
              + "export. Load its weights into a tfweave model with WeightImport.from(dir).into(model), or wrap it as a frozen "
              + "layer with new SavedModelLayer(dir).");
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> json = SavedModelExporter.mapper().readValue(file.toFile(), Map.class);
      if (!SavedModelExporter.FORMAT.equals(json.get("format"))) {
        throw new IllegalArgumentException(file + " has format '" + json.get("format")
            + "', expected '" + SavedModelExporter.FORMAT + "'");
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The provenance entries of a tfweave export (library version, seed, optimizer, epochs, last metrics, ...). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> provenance(Map<String, Object> modelJson) {
    Object p = modelJson.get("provenance");
    return p instanceof Map ? (Map<String, Object>) p : Map.of();
  }
}
