package io.tfweave.saving;

import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelLayerTest {
  @TempDir
  Path dir;

  private Path exportedMlp() {
    try (Model m = SavedModelExportTest.trainedMlp()) {
      return m.export(dir.resolve("mlp"));
    }
  }

  @Test
  void runsTf1SignatureAsFrozenLayer() {
    Path src = exportedMlp();
    Dataset data = SavedModelExportTest.blobs(10, 6, 3, 5);
    float[] expected;
    try (Model original = Model.load(src)) {
      expected = SavedModelExportTest.flat(original.predict(data));
    }
    SavedModelLayer layer = new SavedModelLayer(src);
    assertEquals(List.of("input_layer"), layer.inputKeys());
    assertEquals(List.of("probs"), layer.outputKeys());
    try (Model wrapped = Sequential.named("wrapped").input(6).add(layer).build()) {
      assertEquals(
          List.of(-1L, 3L),
          java.util.Arrays.stream(wrapped.outputs().get(0).shape().asArray())
              .boxed()
              .toList());
      assertEquals(4, layer.weights().size());
      assertEquals(0, wrapped.trainableWeights().size());
      assertEquals(
          6 * 8 + 8 + 8 * 3 + 3,
          wrapped.weights().stream().mapToLong(Weight::size).sum());
      float[] got = SavedModelExportTest.flat(wrapped.predict(data));
      for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got[i], 1e-6);
    }
  }

  @Test
  void featureExtractorWithTrainableHeadTrainsExportsAndReloads() throws Exception {
    Path src = exportedMlp();
    Dataset data = SavedModelExportTest.blobs(48, 6, 3, 6);
    SymbolicTensor in = Input.of(6);
    SavedModelLayer base = new SavedModelLayer(src);
    base.named("base");
    SymbolicTensor out = new Dense(3).activation(SOFTMAX).named("head").apply(base.apply(in));
    Path exported;
    float[] preds;
    try (Model m = Model.of(in, out).named("transfer").seed(2)) {
      List<float[]> frozen = base.weights().stream().map(m::weightValue).toList();
      Weight headKernel = m.layer("head").weights().get(0);
      float[] headBefore = m.weightValue(headKernel);
      m.compile(Optimizers.adam(0.05), Losses.sparseCategoricalCrossentropy());
      m.fit(data, FitOptions.epochs(2).batchSize(16).verbose(0));
      for (int i = 0; i < frozen.size(); i++)
        assertArrayEquals(frozen.get(i), m.weightValue(base.weights().get(i)));
      assertTrue(
          !java.util.Arrays.equals(headBefore, m.weightValue(headKernel)), "the head trains");
      preds = SavedModelExportTest.flat(m.predict(data));
      exported = m.export(dir.resolve("transfer"));
      assertTrue(SavedModelInfo.read(exported).variables().stream()
          .anyMatch(v -> v.name().equals("base/dense/kernel")));
    }
    try (Model back = Model.load(exported)) {
      float[] again = SavedModelExportTest.flat(back.predict(data));
      for (int i = 0; i < preds.length; i++) assertEquals(preds[i], again[i], 1e-6);
    }
  }

  @Test
  void errorsNameSignatureAndShapes() {
    Path src = exportedMlp();
    var noSig = assertThrows(
        IllegalArgumentException.class,
        () -> Sequential.named("x").input(6).add(new SavedModelLayer(src).signature("predict")));
    assertTrue(
        noSig.getMessage().contains("no signature 'predict'")
            && noSig.getMessage().contains("serving_default"),
        noSig.getMessage());
    var shape = assertThrows(
        RuntimeException.class, () -> Sequential.named("y").input(5).add(new SavedModelLayer(src)));
    assertTrue(shape.getMessage().contains("input 'input_layer' of shape"), shape.getMessage());
    var out = assertThrows(
        IllegalArgumentException.class,
        () -> Sequential.named("z").input(6).add(new SavedModelLayer(src).outputs("logits")));
    assertTrue(out.getMessage().contains("no output 'logits'"), out.getMessage());
  }
}
