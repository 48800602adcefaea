package io.tfweave.text;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.graph.DType;
import io.tfweave.layers.convolutional.Conv1D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.pooling.GlobalMaxPooling1D;
import io.tfweave.layers.preprocessing.TextVectorization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * A model whose input is raw text ({@code DType.STRING}) with TextVectorization as its first layer: fit, evaluate and
 * predict on {@code String[]} and on a string pipeline, export with a DT_STRING {@code serving_default} input served in a
 * fresh JVM, and {@code Model.load} with the vocabulary carried in the export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StringInputModelTest {
  static final SyntheticReviews.Reviews TRAIN = SyntheticReviews.generate(2000, 11);
  static final SyntheticReviews.Reviews VAL = SyntheticReviews.generate(300, 12);
  static final String[] PROBES = {
    "The movie was not boring, the cast was superb!", "It was dull and awful.", "not great"
  };

  @TempDir
  Path dir;

  Model model;
  History history;

  static String[] texts(SyntheticReviews.Reviews r) {
    return r.texts().toArray(new String[0]);
  }

  static Model rawTextModel() {
    TextVectorization tv =
        new TextVectorization().maxTokens(100).outputSequenceLength(24).adapt(TRAIN.texts());
    return Sequential.named("raw_text")
        .input(DType.STRING)
        .add(tv)
        .add(new Embedding(tv.vocabularySize(), 16))
        .add(new Conv1D(32, 2).activation(RELU))
        .add(new GlobalMaxPooling1D())
        .add(new Dense(1).activation(SIGMOID))
        .build()
        .seed(3);
  }

  @BeforeAll
  void train() {
    model = rawTextModel();
    model.compile(Optimizers.adam(5e-3), Losses.binaryCrossentropy(), Metrics.accuracy());
    history = model.fit(
        texts(TRAIN),
        TRAIN.labels(),
        FitOptions.epochs(6)
            .batchSize(32)
            .validation(io.tfweave.data.Dataset.ofArrays(
                java.util.List.of(HostArray.ofStrings(texts(VAL), VAL.labels().length)),
                HostArray.ofFloats(VAL.labels(), VAL.labels().length)))
            .verbose(0));
  }

  @Test
  void fitsEvaluatesAndPredictsOnRawText() {
    var loss = history.get("loss");
    assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss " + loss);
    double acc = model.evaluate(texts(VAL), VAL.labels()).get("accuracy");
    assertTrue(acc > 0.9, "validation accuracy " + acc);
    FloatNdArray p = model.predict(PROBES);
    assertEquals(PROBES.length, p.shape().get(0));
    assertTrue(
        p.getFloat(0, 0) > 0.5f && p.getFloat(1, 0) < 0.5f,
        "probes " + p.getFloat(0, 0) + ", " + p.getFloat(1, 0));
    // one sample at a time gives the same numbers as the batch
    assertEquals(p.getFloat(2, 0), model.predict(new String[] {PROBES[2]}).getFloat(0, 0), 1e-6);
  }

  @Test
  void stringPipelinesFeedTheSameModel() {
    Pipeline val = Pipeline.fromArrays(
            HostArray.ofStrings(texts(VAL), VAL.labels().length),
            HostArray.ofFloats(VAL.labels(), VAL.labels().length))
        .batch(64);
    var m = model.evaluate(val);
    assertEquals(model.evaluate(texts(VAL), VAL.labels()).get("accuracy"), m.get("accuracy"), 1e-6);
    FloatNdArray streamed = model.predict(
        Pipeline.fromArrays(HostArray.ofStrings(PROBES, PROBES.length), null).batch(2));
    FloatNdArray direct = model.predict(PROBES);
    for (int i = 0; i < PROBES.length; i++)
      assertEquals(direct.getFloat(i, 0), streamed.getFloat(i, 0), 1e-6);
  }

  @Test
  void exportServesRawTextInAFreshJvmAndReloads() throws Exception {
    Path out = model.export(dir.resolve("raw_text"), 1);
    Path in = dir.resolve("texts.txt");
    Files.writeString(in, String.join("\n", PROBES), StandardCharsets.UTF_8);
    Path res = dir.resolve("y.bin");
    String log = StringServingMain.runFresh(
        out.toString(),
        model.inputs().get(0).layer().name(),
        in.toString(),
        model.outputs().get(0).layer().name(),
        res.toString());
    assertTrue(log.contains("input dtype=DT_STRING"), log);
    FloatNdArray expected = model.predict(PROBES);
    try (DataInputStream d = new DataInputStream(Files.newInputStream(res))) {
      for (int i = 0; i < PROBES.length; i++)
        assertEquals(expected.getFloat(i, 0), d.readFloat(), 1e-6, "served text " + i);
    }
    try (Model loaded = Model.load(out)) {
      FloatNdArray again = loaded.predict(PROBES);
      for (int i = 0; i < PROBES.length; i++)
        assertEquals(expected.getFloat(i, 0), again.getFloat(i, 0), 1e-6, "reloaded text " + i);
      TextVectorization tv = (TextVectorization) loaded.layers().get(0);
      assertEquals(((TextVectorization) model.layers().get(0)).getVocabulary(), tv.getVocabulary());
    }
  }

  @Test
  void numbersForAStringInputAndTextsForANumericInputFailClearly() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> model.predict(new float[][] {{1f}, {2f}}));
    assertTrue(e.getMessage().contains("dtype string"), e.getMessage());
    try (Model numeric = Sequential.named("numeric").input(3).add(new Dense(1)).build()) {
      var e2 = assertThrows(
          IllegalArgumentException.class, () -> numeric.predict(new String[] {"a", "b"}));
      assertTrue(e2.getMessage().contains("TextVectorization"), e2.getMessage());
    }
    assertEquals(
        "[" + PROBES.length + "]",
        Arrays.toString(HostArray.ofStrings(PROBES, PROBES.length).shape().asArray()));
  }
}
