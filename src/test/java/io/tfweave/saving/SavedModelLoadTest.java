package io.tfweave.saving;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.merging.Add;
import io.tfweave.layers.merging.Concatenate;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelLoadTest {
  @TempDir
  Path dir;

  @Test
  void trainExportLoadPredictAndContinueTraining() {
    Dataset data = SavedModelExportTest.blobs(96, 6, 3, 2);
    Path out;
    float[] before;
    try (Model m = SavedModelExportTest.trainedMlp()) {
      out = m.export(dir.resolve("mlp"));
      before = SavedModelExportTest.flat(m.predict(data));
    }
    try (Model loaded = Model.load(out)) {
      assertEquals("mlp", loaded.name());
      assertTrue(loaded.isSequential());
      assertEquals(7, loaded.seed());
      assertEquals(2, loaded.epochsTrained());
      float[] after = SavedModelExportTest.flat(loaded.predict(data));
      for (int i = 0; i < before.length; i++) assertEquals(before[i], after[i], 1e-6);
      loaded.compile(
          Optimizers.adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      double start = loaded.evaluate(data).get("loss");
      History h = loaded.fit(data, FitOptions.epochs(5).batchSize(16).verbose(0));
      assertTrue(
          loaded.evaluate(data).get("loss") < start, "continued training lowers the loss: " + h);
      assertEquals(7, loaded.epochsTrained());
      Path again = loaded.export(dir.resolve("mlp2"));
      assertEquals(
          7,
          ((Number) SavedModelLoader.provenance(SavedModelLoader.readModelJson(again))
                  .get("epochs_trained"))
              .intValue());
    }
  }

  @Test
  void functionalModelWithSharedAndNestedLayersRoundTrips() throws Exception {
    SymbolicTensor a = Input.of(4);
    SymbolicTensor b = Input.of(4);
    Dense shared = new Dense(5).activation(RELU);
    shared.named("shared");
    SymbolicTensor sa = shared.apply(a);
    SymbolicTensor sb = shared.apply(b);
    SymbolicTensor inner = Input.of(5);
    Model block =
        Model.of(inner, new Dense(5).named("inner_dense").apply(inner)).named("block");
    SymbolicTensor sum = new Add().apply(block.apply(sa), sb);
    SymbolicTensor out =
        new Dense(2).activation(SOFTMAX).named("out").apply(new Concatenate().apply(sum, sa));
    Dataset data = Dataset.ofArrays(
        List.of(
            io.tfweave.data.HostArray.ofFloats(new float[] {1, 2, 3, 4, 0, 1, 0, 1}, 2, 4),
            io.tfweave.data.HostArray.ofFloats(new float[] {4, 3, 2, 1, 1, 1, 1, 1}, 2, 4)),
        null);
    Path path;
    List<org.tensorflow.ndarray.FloatNdArray> expected;
    try (Model m = Model.of(List.of(a, b), List.of(out)).named("two_towers").seed(3)) {
      expected = m.predictAll(data, 2);
      path = m.export(dir.resolve("towers"));
      assertEquals(
          List.of("input_layer", "input_layer_1"),
          SavedModelInfo.read(path).signatures().get("serving_default").inputs().stream()
              .map(SavedModelInfo.TensorSpec::key)
              .toList());
    }
    try (Model loaded = Model.load(path)) {
      assertEquals(
          List.of("input_layer", "input_layer_1", "shared", "block", "add", "concatenate", "out"),
          loaded.layers().stream().map(l -> l.name()).toList());
      assertEquals(2, loaded.layer("shared").nodes().size());
      float[] want = SavedModelExportTest.flat(expected.get(0));
      float[] got = SavedModelExportTest.flat(loaded.predictAll(data, 2).get(0));
      for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6);
    }
  }

  @Test
  void integerInputsExportAsInt32() throws Exception {
    try (Model m = Sequential.named("tokens")
        .input(DType.INT32, 5)
        .add(new Embedding(10, 3))
        .add(new Flatten())
        .add(new Dense(1))
        .seed(1)
        .build()) {
      Path p = m.export(dir.resolve("tok"));
      assertEquals(
          org.tensorflow.proto.DataType.DT_INT32,
          SavedModelInfo.read(p)
              .signatures()
              .get("serving_default")
              .inputs()
              .get(0)
              .dtype());
      try (Model back = Model.load(p)) {
        assertEquals(DType.INT32, back.inputs().get(0).dtype());
      }
    }
  }

  @Test
  void loadRejectsForeignSavedModels() {
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Model.load(KerasWeightMapTest.resource("keras3_export")));
    assertTrue(
        e.getMessage().contains("not a tfweave export") && e.getMessage().contains("WeightImport"),
        e.getMessage());
  }

  @Test
  void configRecordsInboundNodes() {
    try (Model m = SavedModelExportTest.trainedMlp()) {
      Map<String, Object> c = ModelConfig.of(m);
      assertEquals("Sequential", c.get("class_name"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> layers =
          (List<Map<String, Object>>) ((Map<String, Object>) c.get("config")).get("layers");
      assertEquals(
          List.of("InputLayer", "Dense", "Dropout", "Dense"),
          layers.stream().map(l -> l.get("class_name")).toList());
      assertFalse(layers.get(1).containsKey("inbound_nodes"));
    }
  }
}
