package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.core.Dense;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model.load checks the whole export before it returns: a garbage or mismatched saved_model.pb fails naming the file. */
class SavedModelValidationTest {
  @TempDir
  Path dir;

  static Model mlp(int hidden) {
    return Sequential.builder()
        .input(3)
        .add(new Dense(hidden), new Dense(2))
        .seed(1)
        .build();
  }

  static void assertContains(String message, String... parts) {
    for (String p : parts)
      assertTrue(message.contains(p), () -> "'" + p + "' missing from: " + message);
  }

  @Test
  void garbageOrForeignSavedModelProtosAreRejected() throws Exception {
    Path a;
    Path b;
    try (Model m = mlp(4);
        Model other = mlp(5)) {
      a = m.export(dir.resolve("a"));
      b = other.export(dir.resolve("b"));
    }
    try (Model ok = Model.load(a)) {
      assertTrue(ok.weights().size() == 4);
    }
    Files.write(a.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
    var e = assertThrows(IllegalArgumentException.class, () -> Model.load(a));
    assertContains(
        e.getMessage(),
        a.resolve("saved_model.pb").toString(),
        "not a valid SavedModel",
        "Export the model again");
    Files.write(a.resolve("saved_model.pb"), new byte[0]);
    assertContains(
        assertThrows(IllegalArgumentException.class, () -> Model.load(a)).getMessage(),
        "expected at least one MetaGraphDef");
    // the proto of another architecture: same names, other shapes
    Files.copy(
        b.resolve("saved_model.pb"),
        a.resolve("saved_model.pb"),
        StandardCopyOption.REPLACE_EXISTING);
    assertContains(
        assertThrows(IllegalArgumentException.class, () -> Model.load(a)).getMessage(),
        "variable 'dense/kernel' has shape [3, 5], but model.json says [3, 4]");
  }
}
