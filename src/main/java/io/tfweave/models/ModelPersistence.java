package io.tfweave.models;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The service behind {@link Model#export(Path)} and {@link Model#load(Path)}: the {@code io.tfweave.saving} package provides
 * it (as a {@link ServiceLoader} service), so that models need not depend on saving. Call {@code
 * io.tfweave.saving.SavedModels} directly for the options these conveniences leave at their defaults.
 */
public interface ModelPersistence {
  /** Exports {@code model}'s inference graph as a SavedModel at {@code dir}; returns {@code dir}. */
  Path export(Model model, Path dir);

  /** Exports {@code model} to {@code base/version}; returns that directory. */
  Path export(Model model, Path base, long version);

  /** Exports {@code model} to the next free version under the default base directory ({@code savedmodels/<name>}). */
  Path export(Model model);

  /** Loads a model (architecture and weights) saved by {@link #export}, or a Keras 3 {@code .keras} file. */
  Model load(Path dir);

  /** Writes {@code model} as a Keras 3 {@code .keras} file; returns the file. */
  Path saveKeras(Model model, Path file);

  /** Writes {@code model}'s weights as a Keras 3 {@code .weights.h5} file; returns the file. */
  Path saveKerasWeights(Network model, Path file);

  /** Loads a Keras 3 {@code .weights.h5} file, or a Keras 2 {@code .h5} file, into {@code model}. */
  void loadKerasWeights(Network model, Path file);

  /** The provider found on the class path or module path. */
  static ModelPersistence find() {
    return ServiceLoader.load(ModelPersistence.class, ModelPersistence.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException(
                "No io.tfweave.models.ModelPersistence provider found: the "
                    + "io.tfweave.saving package (in the tfweave jar) provides it through META-INF/services; check that the full "
                    + "tfweave jar, not only its models classes, is on the class path or module path."));
  }
}
