package io.tfweave.saving;

import io.tfweave.layers.Layer;
import io.tfweave.models.Model;
import io.tfweave.models.ModelPersistence;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Export and load entry points for SavedModels (TF Serving's format), and the {@link ModelPersistence} service behind
 * {@code Model.export} and {@code Model.load}. Keras: {@code model.export(path)} and {@code keras.saving.load_model(path)}.
 */
public final class SavedModels implements ModelPersistence {
  /** Exports {@code model}'s inference graph at {@code dir} with {@code options}; returns {@code dir}. */
  public static Path export(Model model, Path dir, ExportOptions options) {
    return SavedModelExporter.export(model, dir, options);
  }

  /** Loads a model saved by tfweave; a layer of your own is rebuilt by the factory {@code customObjects} names for it. */
  public static Model load(
      Path dir, Map<String, Function<Map<String, Object>, Layer>> customObjects) {
    return SavedModelLoader.load(dir, customObjects);
  }

  @Override
  public Path export(Model model, Path dir) {
    return SavedModelExporter.export(model, dir, ExportOptions.defaults());
  }

  @Override
  public Path export(Model model, Path base, long version) {
    return SavedModelExporter.exportVersion(model, base, version, ExportOptions.defaults());
  }

  @Override
  public Path export(Model model) {
    Path base = SavedModelExporter.DEFAULT_BASE.resolve(model.name());
    return export(model, base, SavedModelExporter.nextVersion(base));
  }

  @Override
  public Path saveKeras(Model model, Path file) {
    return KerasModelFile.save(model, file);
  }

  @Override
  public Path saveKerasWeights(io.tfweave.models.Network model, Path file) {
    return KerasWeightsH5.save(model, file);
  }

  @Override
  public void loadKerasWeights(io.tfweave.models.Network model, Path file) {
    if (KerasLegacyH5.isLegacyName(file)) KerasLegacyH5.loadWeights(model, file);
    else KerasWeightsH5.load(model, file);
  }

  @Override
  public Model load(Path dir) {
    if (dir.getFileName() != null && dir.getFileName().toString().endsWith(KerasModelFile.SUFFIX)) {
      return KerasModelFile.load(dir);
    }
    if (KerasLegacyH5.isLegacyName(dir)) return KerasLegacyH5.load(dir);
    return SavedModelLoader.load(dir, Map.of());
  }
}
