package io.tfweave.losses;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The names {@link Losses#get(String)} knows: Keras 3's {@code keras.losses} identifiers, aliases and class names. */
final class LossNames {
  private LossNames() {}

  static final Map<String, Supplier<Loss>> BY_NAME = names();

  private static Map<String, Supplier<Loss>> names() {
    Map<String, Supplier<Loss>> m = new LinkedHashMap<>();
    both(m, "binary_crossentropy", "BinaryCrossentropy", Losses::binaryCrossentropy, "bce", "BCE");
    both(m, "categorical_crossentropy", "CategoricalCrossentropy", Losses::categoricalCrossentropy);
    both(
        m,
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
        Losses::sparseCategoricalCrossentropy);
    both(
        m, "binary_focal_crossentropy", "BinaryFocalCrossentropy", Losses::binaryFocalCrossentropy);
    both(
        m,
        "categorical_focal_crossentropy",
        "CategoricalFocalCrossentropy",
        Losses::categoricalFocalCrossentropy);
    both(m, "mean_squared_error", "MeanSquaredError", Losses::meanSquaredError, "mse", "MSE");
    both(m, "mean_absolute_error", "MeanAbsoluteError", Losses::meanAbsoluteError, "mae", "MAE");
    both(
        m,
        "mean_absolute_percentage_error",
        "MeanAbsolutePercentageError",
        Losses::meanAbsolutePercentageError,
        "mape",
        "MAPE");
    both(
        m,
        "mean_squared_logarithmic_error",
        "MeanSquaredLogarithmicError",
        Losses::meanSquaredLogarithmicError,
        "msle",
        "MSLE");
    both(
        m,
        "kl_divergence",
        "KLDivergence",
        Losses::klDivergence,
        "kld",
        "KLD",
        "kullback_leibler_divergence");
    both(m, "log_cosh", "LogCosh", Losses::logCosh, "logcosh");
    both(m, "poisson", "Poisson", Losses::poisson);
    both(m, "hinge", "Hinge", Losses::hinge);
    both(m, "squared_hinge", "SquaredHinge", Losses::squaredHinge);
    both(m, "categorical_hinge", "CategoricalHinge", Losses::categoricalHinge);
    both(m, "cosine_similarity", "CosineSimilarity", Losses::cosineSimilarity);
    both(m, "huber", "Huber", Losses::huber);
    both(m, "dice", "Dice", Losses::dice);
    both(m, "tversky", "Tversky", Losses::tversky);
    return Collections.unmodifiableMap(m);
  }

  private static void both(
      Map<String, Supplier<Loss>> m, String fn, String cls, Supplier<Loss> s, String... aliases) {
    m.put(fn, s);
    for (String a : aliases) m.put(a, s);
    m.put(cls, s);
  }
}
