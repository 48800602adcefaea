package io.tfweave.models.internal;

import io.tfweave.models.Model;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Lets loaders inside tfweave carry a saved model's training record (epochs, last logs) over to the loaded model without
 * making that setter public API. Not exported from the module.
 */
public final class TrainingRecords {
  /** A record of training: epochs completed and the last epoch's logs. */
  public record Record(int epochs, Map<String, Double> metrics) {}

  private static BiConsumer<Model, Record> setter;

  private TrainingRecords() {}

  /** Called once by {@link Model}'s static initializer. */
  public static void install(BiConsumer<Model, Record> s) {
    if (setter != null) throw new IllegalStateException("TrainingRecords already installed");
    setter = s;
  }

  /** Sets {@code model}'s training record. */
  public static void restore(Model model, int epochs, Map<String, Double> metrics) {
    if (setter == null) {
      try {
        Class.forName(Model.class.getName(), true, Model.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    setter.accept(model, new Record(epochs, metrics));
  }
}
