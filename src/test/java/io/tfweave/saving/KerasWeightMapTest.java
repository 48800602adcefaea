package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.formats.CheckpointReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

class KerasWeightMapTest {
  @TempDir
  Path dir;

  static Path resource(String name) {
    try {
      return Path.of(KerasWeightMapTest.class.getResource("keras/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Real exports made by tools/make_keras_savedmodel.py (TF 2.21, Keras 3.15, tf_keras 2.21). */
  @Test
  void resolvesRealKeras3Export() throws IOException {
    Map<String, String> map = KerasWeightMap.resolve(resource("keras3_export"));
    assertEquals("variables/0/.ATTRIBUTES/VARIABLE_VALUE", map.get("Conv1/kernel"));
    assertEquals("variables/13/.ATTRIBUTES/VARIABLE_VALUE", map.get("head/bias"));
    assertMatchesKerasWeights(resource("keras3_export"), map, "keras3");
  }

  @Test
  void resolvesRealKeras3TfSavedModel() throws IOException {
    Map<String, String> map = KerasWeightMap.resolve(resource("keras3_tf_saved_model"));
    assertEquals(
        "_layers/1/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE", map.get("Conv1/kernel"));
    assertMatchesKerasWeights(resource("keras3_tf_saved_model"), map, "keras3");
  }

  @Test
  void resolvesRealTfKerasSavedModelWithKerasMetadata() throws IOException {
    Map<String, String> map = KerasWeightMap.resolve(resource("tf_keras_savedmodel"));
    assertEquals(
        "variables/5/.ATTRIBUTES/VARIABLE_VALUE", map.get("block_1_depthwise/depthwise_kernel"));
    assertEquals("layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE", map.get("head/kernel"));
    assertMatchesKerasWeights(resource("tf_keras_savedmodel"), map, "tf_keras");
  }

  @Test
  void resolvesMetadataInSavedUserObjects() throws IOException {
    simulatedKeras2(false).write(dir);
    Map<String, String> map = KerasWeightMap.resolve(dir);
    assertEquals(
        List.of(
            "block_3_expand/kernel",
            "bn_Conv1/gamma",
            "bn_Conv1/moving_mean",
            "bn_Conv1/my.weight/v"),
        List.copyOf(map.keySet()));
    assertEquals(
        "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", map.get("block_3_expand/kernel"));
    assertEquals(
        "layer_with_weights-1/my..weight.Sv/.ATTRIBUTES/VARIABLE_VALUE",
        map.get("bn_Conv1/my.weight/v"));
    CheckpointReader r = CheckpointReader.open(dir);
    assertArrayEquals(
        new float[] {1, 2, 3, 4, 5, 6}, r.readFloats(map.get("block_3_expand/kernel")));
    assertArrayEquals(new float[] {0.5f, -0.5f}, r.readFloats(map.get("bn_Conv1/moving_mean")));
  }

  @Test
  void resolvesKerasMetadataFileAndEscapedPathKeys() throws IOException {
    simulatedKeras2(true).write(dir);
    Map<String, String> map = KerasWeightMap.resolve(dir);
    assertEquals(
        "layer_with_weights-1/gamma/.ATTRIBUTES/VARIABLE_VALUE", map.get("bn_Conv1/gamma"));
    assertEquals(
        "layer_with_weights-1/my..weight.Sv/.ATTRIBUTES/VARIABLE_VALUE",
        map.get("bn_Conv1/my.weight/v"));
    assertArrayEquals(
        new float[] {9}, CheckpointReader.open(dir).readFloats(map.get("bn_Conv1/my.weight/v")));
  }

  @Test
  void resolvesKeras3StyleVariableNames() throws IOException {
    ObjectGraphFixture f = new ObjectGraphFixture();
    int root = f.object("_generic_user_object", null);
    int vars = f.object("trackable_list_wrapper", null);
    int all = f.object("trackable_list_wrapper", null);
    int other = f.object("trackable_list_wrapper", null);
    f.child(root, "variables", vars);
    f.child(root, "_all_variables", all);
    f.child(root, "other", other);
    f.child(
        vars,
        "0",
        f.storedVariable(
            "tiny/head/kernel", "variables/0" + KerasWeightMap.VARIABLE_SUFFIX, Shape.of(2), 1, 2));
    f.child(
        vars,
        "1",
        f.storedVariable(
            "tiny/head/bias", "variables/1" + KerasWeightMap.VARIABLE_SUFFIX, Shape.of(1), 3));
    f.child(
        all,
        "0",
        f.storedVariable(
            "tiny/head/bias", "_all_variables/0" + KerasWeightMap.VARIABLE_SUFFIX, Shape.of(1), 3));
    f.child(
        all,
        "1",
        f.storedVariable(
            "tiny/head/kernel",
            "_all_variables/1" + KerasWeightMap.VARIABLE_SUFFIX,
            Shape.of(2),
            1,
            2));
    f.child(
        other,
        "0",
        f.storedVariable(
            "b/head/kernel", "other/0" + KerasWeightMap.VARIABLE_SUFFIX, Shape.of(2), 7, 8));
    f.child(
        other,
        "1",
        f.storedVariable("step", "other/1" + KerasWeightMap.VARIABLE_SUFFIX, Shape.scalar(), 4));
    f.write(dir);
    Map<String, String> map = KerasWeightMap.resolve(dir);
    assertEquals(
        Map.of(
            "head/kernel", "variables/0/.ATTRIBUTES/VARIABLE_VALUE",
            "head/bias", "variables/1/.ATTRIBUTES/VARIABLE_VALUE",
            "b/head/kernel", "other/0/.ATTRIBUTES/VARIABLE_VALUE",
            "step", "other/1/.ATTRIBUTES/VARIABLE_VALUE"),
        map);
  }

  @Test
  void mapsTf1CheckpointKeysToThemselves() throws IOException {
    CheckpointFixture.standard().export(dir.resolve("sm"));
    Map<String, String> map = KerasWeightMap.resolve(dir.resolve("sm"));
    assertEquals("conv/kernel", map.get("conv/kernel"));
    assertEquals(CheckpointReader.open(dir.resolve("sm")).variables().size(), map.size());
  }

  @Test
  void escapesLocalNamesLikeTensorFlow() {
    assertEquals(
        "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE",
        KerasWeightMap.objectPathKey(List.of("layer_with_weights-0", "kernel")));
    assertEquals(
        "a..b/c.Sd/.ATTRIBUTES/VARIABLE_VALUE",
        KerasWeightMap.objectPathKey(List.of("a.b", "c/d")));
  }

  /**
   * Sequential 'model' with Conv2D 'block_3_expand' and BatchNormalization 'bn_Conv1', built like
   * tf.keras 2 writes it; optionally with the metadata in keras_metadata.pb and without the
   * checkpoint attributes of the last variable (so its key must be derived from the escaped path).
   */
  private static ObjectGraphFixture simulatedKeras2(boolean metadataFile) throws IOException {
    ObjectGraphFixture f = new ObjectGraphFixture();
    int root =
        f.object("_tf_keras_sequential", "{\"name\": \"model\", \"class_name\": \"Sequential\"}");
    int conv =
        f.object("_tf_keras_layer", "{\"name\": \"block_3_expand\", \"class_name\": \"Conv2D\"}");
    int bn = f.object(
        "_tf_keras_layer", "{\"name\": \"bn_Conv1\", \"class_name\": \"BatchNormalization\"}");
    int list = f.object("trackable_list_wrapper", null);
    f.child(root, "layer_with_weights-0", conv);
    f.child(root, "layer-0", conv);
    f.child(root, "layer_with_weights-1", bn);
    f.child(root, "layer-1", bn);
    f.child(root, "variables", list);
    String p = "layer_with_weights-0/";
    String q = "layer_with_weights-1/";
    String s = KerasWeightMap.VARIABLE_SUFFIX;
    int kernel = f.storedVariable(
        "block_3_expand/kernel:0", p + "kernel" + s, Shape.of(1, 1, 2, 3), 1, 2, 3, 4, 5, 6);
    int gamma = f.storedVariable("bn_Conv1/gamma:0", q + "gamma" + s, Shape.of(2), 1, 1);
    int mean =
        f.storedVariable("bn_Conv1/moving_mean:0", q + "moving_mean" + s, Shape.of(2), 0.5f, -0.5f);
    String odd = q + "my..weight.Sv" + s;
    int custom;
    if (metadataFile) {
      custom = f.variable("bn_Conv1/custom:0", null, Shape.of(1));
      f.tensor(odd, Shape.of(1), 9);
    } else {
      custom = f.storedVariable("bn_Conv1/custom:0", odd, Shape.of(1), 9);
    }
    f.child(conv, "kernel", kernel);
    f.child(bn, "gamma", gamma);
    f.child(bn, "moving_mean", mean);
    f.child(bn, "my.weight/v", custom);
    f.child(list, "0", kernel);
    f.child(list, "1", gamma);
    f.child(list, "2", mean);
    f.child(list, "3", custom);
    if (metadataFile) {
      f.moveMetadataToKerasFile(root, "root");
      f.moveMetadataToKerasFile(conv, "root.layer_with_weights-0");
      f.moveMetadataToKerasFile(bn, "root.layer_with_weights-1");
    }
    return f;
  }

  private static void assertMatchesKerasWeights(Path sm, Map<String, String> map, String flavour)
      throws IOException {
    JsonNode weights = new ObjectMapper()
        .readTree(sm.resolveSibling("weights.json").toFile())
        .path("weights")
        .path(flavour);
    CheckpointReader r = CheckpointReader.open(sm);
    assertEquals(weights.size(), map.size(), () -> "names: " + map.keySet());
    for (Iterator<String> it = weights.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      String key = map.get(name);
      JsonNode values = weights.path(name).path("values");
      float[] expected = new float[values.size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (float) values.get(i).asDouble();
      }
      assertArrayEquals(expected, r.readFloats(key), name + " -> " + key);
    }
  }
}
