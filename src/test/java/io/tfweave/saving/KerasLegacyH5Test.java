package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.tfweave.models.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The legacy Keras 2 {@code .h5} layout on files this test writes with jHDF: a two-layer MLP in tf_keras's layout loads
 * with its weights and predicts by hand; a file without {@code model_config}, an unknown layer class, an unsupported
 * option and weights that do not fit the model each fail with a message naming the problem.
 */
class KerasLegacyH5Test {
  @TempDir
  Path dir;

  private static final String DENSE =
      "{\"class_name\": \"Dense\", \"config\": {\"name\": \"%s\", \"trainable\": true, \"dtype\": \"float32\","
          + " %s\"units\": %d, \"activation\": \"%s\", \"use_bias\": true, \"kernel_initializer\": {\"class_name\":"
          + " \"GlorotUniform\", \"config\": {\"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\","
          + " \"config\": {}}, \"kernel_regularizer\": null, \"bias_regularizer\": null, \"activity_regularizer\":"
          + " null, \"kernel_constraint\": null, \"bias_constraint\": null}}";

  /** tf_keras's Sequential config of Input(3) → Dense(2, relu) → Dense(1), with {@code first} as the first class. */
  private static String config(String first, String extra) {
    return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 3], \"dtype\": \"float32\","
        + " \"sparse\": false, \"ragged\": false, \"name\": \"input_1\"}}, "
        + String.format(DENSE, "dense", extra, 2, "relu").replace("\"Dense\"", "\"" + first + "\"")
        + ", "
        + String.format(DENSE, "dense_1", "", 1, "linear") + "]}}";
  }

  /** Writes a tf_keras-layout file: root attributes, then model_weights/<layer>/<layer>/kernel:0 and bias:0. */
  private Path write(
      String name, String modelConfig, float[][] kernel0, float[] bias0, boolean weights) {
    Path f = dir.resolve(name);
    try (WritableHdfFile h5 = HdfFile.write(f)) {
      if (modelConfig != null) h5.putAttribute("model_config", modelConfig);
      h5.putAttribute("keras_version", "2.16.0");
      h5.putAttribute("backend", "tensorflow");
      if (!weights) return f;
      WritableGroup mw = h5.putGroup("model_weights");
      mw.putAttribute("layer_names", new String[] {"dense", "dense_1"});
      layer(mw, "dense", kernel0, bias0);
      layer(mw, "dense_1", new float[][] {{1f}, {-2f}}, new float[] {0.5f});
    }
    return f;
  }

  private static void layer(WritableGroup mw, String name, float[][] kernel, float[] bias) {
    WritableGroup g = mw.putGroup(name);
    g.putAttribute("weight_names", new String[] {name + "/kernel:0", name + "/bias:0"});
    WritableGroup inner = g.putGroup(name);
    inner.putDataset("kernel:0", kernel);
    inner.putDataset("bias:0", bias);
  }

  private static final float[][] K0 = {{1f, 0f}, {0f, 1f}, {1f, -1f}};
  private static final float[] B0 = {0f, 0.25f};

  @Test
  void tfKerasLayoutLoadsWithItsWeights() {
    Path f = write("mlp.h5", config("Dense", ""), K0, B0, true);
    KerasLegacyH5.Loaded r = KerasLegacyH5.read(f);
    try (Model m = r.model()) {
      assertEquals(
          List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"),
          r.report().loaded());
      assertEquals(List.of(), r.report().trainingState());
      float[] x = {1f, 2f, 3f};
      float[] got = SavedModelExportTest.flat(
          m.predict(NdArrays.wrap(Shape.of(1, 3), DataBuffers.of(x, true, false))));
      // h = relu([1 + 3, 2 - 3 + 0.25]) = [4, 0]; y = 4 * 1 + 0 * -2 + 0.5
      assertArrayEquals(new float[] {4.5f}, got, 1e-6f);
    }
  }

  @Test
  void keras2WeightsFileLoadsIntoABuiltModelByLayerOrder() {
    // save_weights("w.h5") layout: the layer groups at the root; tfweave's names (d1, d2) differ
    // from the file's
    Path f = dir.resolve("w.h5");
    try (WritableHdfFile h5 = HdfFile.write(f)) {
      h5.putAttribute("layer_names", new String[] {"dense", "dense_1"});
      layer(h5, "dense", K0, B0);
      layer(h5, "dense_1", new float[][] {{1f}, {-2f}}, new float[] {0.5f});
    }
    try (Model m = io.tfweave.models.Sequential.named("built")
        .input(3)
        .add(new io.tfweave.layers.core.Dense(2)
            .activation(io.tfweave.activations.Activation.RELU)
            .named("d1"))
        .add(new io.tfweave.layers.core.Dense(1).named("d2"))
        .build()) {
      m.loadWeights(f);
      float[] got = SavedModelExportTest.flat(m.predict(
          NdArrays.wrap(Shape.of(1, 3), DataBuffers.of(new float[] {1f, 2f, 3f}, true, false))));
      assertArrayEquals(new float[] {4.5f}, got, 1e-6f);
    }
    try (Model small = io.tfweave.models.Sequential.named("small")
        .input(3)
        .add(new io.tfweave.layers.core.Dense(1))
        .build()) {
      var e = assertThrows(IllegalArgumentException.class, () -> small.loadWeights(f));
      assertTrue(
          e.getMessage()
              .contains(
                  "the file has 2 layers with weights [dense, dense_1]," + " the model 1 [dense]"),
          e.getMessage());
    }
  }

  @Test
  void layoutErrorsNameTheProblem() {
    Path none = write("weights_only.h5", null, K0, B0, true);
    var e = assertThrows(IllegalArgumentException.class, () -> Model.load(none));
    assertTrue(e.getMessage().contains("has no model_config attribute"), e.getMessage());

    Path unknown = write("unknown.h5", config("MyDense", ""), K0, B0, true);
    var u = assertThrows(IllegalArgumentException.class, () -> Model.load(unknown));
    assertTrue(
        u.getMessage().contains("tfweave has no layer class for ['dense' (MyDense)]"),
        u.getMessage());

    Path option = write("option.h5", config("Dense", "\"future_option\": 3, "), K0, B0, true);
    var o = assertThrows(IllegalArgumentException.class, () -> Model.load(option));
    assertTrue(
        o.getMessage().contains("layer 'dense' (Dense) option future_option=3"), o.getMessage());

    Path major = write("major.h5", config("Dense", "\"time_major\": true, "), K0, B0, true);
    var t = assertThrows(IllegalArgumentException.class, () -> Model.load(major));
    assertTrue(
        t.getMessage().contains("layer 'dense' (Dense) option time_major=true"), t.getMessage());

    Path shape = write("shape.h5", config("Dense", ""), new float[][] {{1f, 0f}}, B0, true);
    var s = assertThrows(IllegalArgumentException.class, () -> Model.load(shape));
    assertTrue(
        s.getMessage().contains("dense/kernel: model [3, 2] vs dense/kernel:0 [1, 2]"),
        s.getMessage());

    Path noWeights = write("no_weights.h5", config("Dense", ""), K0, B0, false);
    var w = assertThrows(IllegalArgumentException.class, () -> Model.load(noWeights));
    assertTrue(w.getMessage().contains("no model_weights group"), w.getMessage());

    var missing =
        assertThrows(IllegalArgumentException.class, () -> Model.load(dir.resolve("absent.h5")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }
}
