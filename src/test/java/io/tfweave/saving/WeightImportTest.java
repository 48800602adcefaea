package io.tfweave.saving;

import static io.tfweave.activations.Activation.RELU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Dense;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightImportTest {
  @TempDir
  Path dir;

  private static Model mlp(int hidden, String headName) {
    return Sequential.named("mlp")
        .input(6)
        .add(new Dense(hidden).activation(RELU))
        .add(new Dense(3).named(headName))
        .seed(11)
        .build();
  }

  @Test
  void importsByNameFromOwnExport() {
    Path src;
    try (Model m = SavedModelExportTest.trainedMlp()) {
      src = m.export(dir.resolve("src"));
    }
    try (Model target = mlp(8, "probs");
        Model source = Model.load(src)) {
      ImportReport r = WeightImport.from(src).strict(true).into(target);
      assertEquals(List.of("dense/kernel", "dense/bias", "probs/kernel", "probs/bias"), r.loaded());
      assertTrue(r.complete(), r.summary());
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(
            SavedModelExportTest.flat(source.getWeights().get(i)),
            SavedModelExportTest.flat(target.getWeights().get(i)));
      }
    }
  }

  @Test
  void reportsMissingUnusedAndShapeMismatchesAndStrictModeListsThem() {
    Path src;
    try (Model m = SavedModelExportTest.trainedMlp()) {
      src = m.export(dir.resolve("src"));
    }
    try (Model target = mlp(5, "head")) {
      float[] headBefore = target.weightValue(target.layer("head").weights().get(0));
      var e = assertThrows(
          WeightImportException.class, () -> WeightImport.from(src).strict(true).into(target));
      assertTrue(
          e.getMessage().contains("missing in checkpoint: [head/kernel, head/bias]"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("unused checkpoint variables: [probs/kernel, probs/bias]"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("dense/kernel: model [6, 5] vs checkpoint 'dense/kernel' [6, 8]"),
          e.getMessage());
      ImportReport r = WeightImport.from(src).into(target);
      assertEquals(List.of(), r.loaded());
      assertEquals(2, r.shapeMismatches().size());
      assertArrayEquals(
          headBefore, target.weightValue(target.layer("head").weights().get(0)));
    }
  }

  @Test
  void excludedLayersKeepTheirValues() {
    Path src;
    try (Model m = SavedModelExportTest.trainedMlp()) {
      src = m.export(dir.resolve("src"));
    }
    try (Model target = mlp(8, "probs")) {
      Weight k = target.layer("probs").weights().get(0);
      float[] before = target.weightValue(k);
      ImportReport r = WeightImport.from(src).excludeLayers("probs").into(target);
      assertEquals(List.of("dense/kernel", "dense/bias"), r.loaded());
      assertEquals(List.of("probs/kernel", "probs/bias"), r.excluded());
      assertArrayEquals(before, target.weightValue(k));
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> WeightImport.from(src).excludeLayers("nope").into(target));
      assertTrue(e.getMessage().contains("no layer 'nope'"), e.getMessage());
    }
  }

  @Test
  void importsKerasHeadFromTfKerasAndKeras3Exports() throws Exception {
    JsonNode w = new ObjectMapper()
        .readTree(KerasWeightMapTest.resource("weights.json").toFile())
        .path("weights");
    for (String[] c :
        new String[][] {{"tf_keras_savedmodel", "tf_keras"}, {"keras3_export", "keras3"}}) {
      try (Model head =
          Sequential.named("probe").input(4).add(new Dense(3).named("head")).build()) {
        ImportReport r = WeightImport.from(KerasWeightMapTest.resource(c[0])).into(head);
        assertEquals(List.of("head/kernel", "head/bias"), r.loaded(), r.summary());
        assertEquals(12, r.unused().size(), r.summary());
        assertTrue(r.unused().contains("bn_Conv1/moving_mean"), r.summary());
        JsonNode bias = w.path(c[1]).path("head/bias").path("values");
        float[] got = head.weightValue(head.layer("head").weights().get(1));
        for (int i = 0; i < 3; i++) assertEquals(bias.get(i).floatValue(), got[i]);
      }
    }
  }
}
