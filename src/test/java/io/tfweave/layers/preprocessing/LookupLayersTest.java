package io.tfweave.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Embedding;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** StringLookup and IntegerLookup: Keras's documented outputs, vocabulary order, modes, in a model, config, errors. */
class LookupLayersTest {
  /** Runs a StringLookup on a 2-D string constant and returns the flat result. */
  private static float[] onRows(StringLookup l, String[][] rows) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      String[] flat =
          java.util.Arrays.stream(rows).flatMap(java.util.Arrays::stream).toArray(String[]::new);
      Operand<?> out = l.lookup(
          tf, tf.constant(Shape.of(rows.length, rows[0].length), DataBuffers.ofObjects(flat)));
      try (var r = s.runner().fetch(out).run()) {
        if (r.get(0) instanceof TInt64 t) {
          long[] v = new long[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(v, false, false));
          float[] f = new float[v.length];
          for (int i = 0; i < v.length; i++) f[i] = v[i];
          return f;
        }
        TFloat32 t = (TFloat32) r.get(0);
        float[] v = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(v, false, false));
        return v;
      }
    }
  }

  @Test
  void stringLookupAsKerasDocuments() {
    String[][] data = {{"a", "c", "d"}, {"d", "z", "b"}};
    StringLookup l = new StringLookup().vocabulary("a", "b", "c", "d");
    assertArrayEquals(new float[] {1, 3, 4, 4, 0, 2}, onRows(l, data));
    assertEquals(
        List.of("[UNK]", "d", "z", "c", "b", "a"),
        new StringLookup().adapt("a", "c", "d", "d", "z", "b").getVocabulary());
    StringLookup masked = new StringLookup().maskToken("").vocabulary("a", "b", "c", "d");
    assertArrayEquals(
        new float[] {2, 4, 5, 5, 0, 3},
        onRows(masked, new String[][] {{"a", "c", "d"}, {"d", "", "b"}}));
    assertEquals(List.of("", "[UNK]", "a", "b", "c", "d"), masked.getVocabulary());
    StringLookup oneHot =
        new StringLookup().outputMode(OutputMode.ONE_HOT).vocabulary("a", "b", "c", "d");
    assertArrayEquals(
        new float[] {0, 1, 0, 0, 0, 1, 0, 0, 0, 0},
        oneHot.lookup("a", "z").asFloat().floats());
    String[][] bags = {{"a", "c", "d", "d"}, {"d", "z", "b", "z"}};
    assertArrayEquals(
        new float[] {0, 1, 0, 1, 1, 1, 0, 1, 0, 1},
        onRows(
            new StringLookup().outputMode(OutputMode.MULTI_HOT).vocabulary("a", "b", "c", "d"),
            bags));
    assertArrayEquals(
        new float[] {0, 1, 0, 1, 2, 2, 0, 1, 0, 1},
        onRows(
            new StringLookup().outputMode(OutputMode.COUNT).vocabulary("a", "b", "c", "d"), bags));
    assertArrayEquals(new int[] {1, 0, 4}, l.lookup("a", "zz", "d").ints());
  }

  @Test
  void integerLookupAsKerasDocumentsAndInAModel() {
    long[] vocab = {12, 36, 1138, 42};
    assertArrayEquals(
        new int[] {1, 3, 4, 4, 0, 2},
        new IntegerLookup().vocabulary(vocab).lookup(12, 1138, 42, 42, 1000, 36).ints());
    assertEquals(
        List.of(-1L, 42L, 1138L, 1000L, 36L, 12L),
        new IntegerLookup().adapt(12, 1138, 42, 42, 1000, 36).getVocabulary());
    assertArrayEquals(
        new int[] {2, 4, 5, 5, 0, 3},
        new IntegerLookup()
            .maskToken(0)
            .vocabulary(vocab)
            .lookup(12, 1138, 42, 42, 0, 36)
            .ints());
    // as the first layer of a model: raw category values → indices → embeddings
    SymbolicTensor in = Input.of(DType.INT32, 3);
    IntegerLookup lookup = new IntegerLookup().vocabulary(vocab);
    try (Model m = Model.of(in, new Embedding(5, 1).apply(lookup.apply(in)))) {
      m.setWeights(List.of(NdArrays.wrap(
          Shape.of(5, 1), DataBuffers.of(new float[] {-1, 10, 20, 30, 40}, false, false))));
      var y = m.predict(Dataset.ofArrays(
          List.of(HostArray.ofInts(new int[] {12, 1138, 42, 42, 1000, 36}, 2, 3)), null));
      float[] v = new float[6];
      y.copyTo(DataBuffers.of(v, false, false));
      assertArrayEquals(new float[] {10, 30, 40, 40, -1, 20}, v);
    }
  }

  @Test
  void basics() {
    LayerTester.of(() -> new IntegerLookup().vocabulary(1, 3, 5))
        .intInputs(7)
        .inputShape(2, 4)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(0)
        .run();
    LayerTester.of(() -> new IntegerLookup()
            .outputMode(OutputMode.MULTI_HOT)
            .maxTokens(6)
            .padToMaxTokens(true)
            .vocabulary(1, 3, 5))
        .intInputs(7)
        .inputShape(2, 4)
        .expectOutputShape(2, 6)
        .run();
    Map<String, Object> c =
        new StringLookup().maskToken("").vocabulary("x", "y").config();
    assertEquals(List.of("x", "y"), c.get("vocabulary"));
    assertEquals("", c.get("mask_token"));
    assertEquals(4, c.get("vocabulary_size"));
    StringLookup again = StringLookup.fromConfig(c);
    assertEquals(List.of("", "[UNK]", "x", "y"), again.getVocabulary());
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> new StringLookup().vocabulary("a", "b", "a"));
    assertTrue(
        e.getMessage().contains("The vocabulary must not repeat terms. Received twice: a"),
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new IntegerLookup().maskToken(0).outputMode(OutputMode.COUNT));
    assertTrue(
        e.getMessage().contains("mask_token is supported with output_mode 'int' only"),
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> IntegerLookup.fromConfig(Map.of("num_oov_indices", 2)));
    assertTrue(e.getMessage().contains("Only num_oov_indices=1 is supported"), e.getMessage());
    var s = assertThrows(ShapeMismatchException.class, () -> new IntegerLookup()
        .outputMode(OutputMode.ONE_HOT)
        .named("il")
        .apply(Input.of(DType.INT32, 3)));
    assertTrue(
        s.getMessage()
            .contains(
                "Layer 'il' (IntegerLookup) expects an input of shape (batch,) or (batch, 1) for "
                    + "one_hot"),
        s.getMessage());
    SymbolicTensor floats = Input.of(3);
    try (Model m = Model.of(floats, new IntegerLookup().named("il2").apply(floats))) {
      var st = assertThrows(
          RuntimeException.class,
          () -> m.predict(Dataset.ofArrays(List.of(HostArray.ofFloats(new float[3], 1, 3)), null)));
      assertTrue(st.getMessage().contains("(IntegerLookup) takes integer inputs"), st.getMessage());
    }
  }
}
