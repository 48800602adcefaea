package io.tfweave.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.graph.DType;
import io.tfweave.layers.LayerRegistry;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.testing.LayerTester;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/** Hashing: bins equal Keras's (FarmHash fingerprint, mask, salted SipHash) from the committed fixture; conformance. */
class HashingTest {
  static JsonNode fixture() throws IOException {
    try (InputStream in = HashingTest.class.getResourceAsStream(
        "/io/tfweave/layers/keras/text_attention_fixture.json")) {
      return new ObjectMapper().readTree(in).get("hashing");
    }
  }

  static long[] run(Hashing h, JsonNode input) {
    boolean text = input.get(0).get(0).isTextual();
    int rows = input.size();
    int cols = input.get(0).size();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<?> x;
      if (text) {
        String[] v = new String[rows * cols];
        for (int i = 0; i < v.length; i++)
          v[i] = input.get(i / cols).get(i % cols).asText();
        x = tf.constant(NdArrays.wrap(Shape.of(rows, cols), DataBuffers.ofObjects(v)));
      } else {
        long[] v = new long[rows * cols];
        for (int i = 0; i < v.length; i++)
          v[i] = input.get(i / cols).get(i % cols).asLong();
        x = tf.constant(Shape.of(rows, cols), DataBuffers.of(v));
      }
      try (TInt64 t = (TInt64) s.runner().fetch(h.hash(tf, x)).run().get(0)) {
        long[] out = new long[rows * cols];
        t.copyTo(DataBuffers.of(out));
        return out;
      }
    }
  }

  @Test
  void binsEqualKeras() throws IOException {
    int checked = 0;
    for (JsonNode c : fixture()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"), Map.class);
      Hashing h = Hashing.fromConfig(config);
      List<Long> want = new ArrayList<>();
      c.get("output").forEach(r -> r.forEach(v -> want.add(v.asLong())));
      long[] got = run(h, c.get("input"));
      assertEquals(
          want, java.util.Arrays.stream(got).boxed().toList(), c.get("name").asText());
      // the config round-trips
      assertEquals(h.config(), Hashing.fromConfig(h.config()).config());
      checked++;
    }
    assertEquals(6, checked);
  }

  @Test
  void conformanceAndModels() {
    LayerTester.of(() -> new Hashing(5).maskValue(0).salt(3))
        .inputShape(2, 3)
        .intInputs(10)
        .expectOutputShape(2, 3)
        .expectTrainableWeights(0)
        .run();
    assertEquals(List.of(7L, 7L), new Hashing(3).salt(7).config().get("salt"));
    assertTrue(LayerRegistry.fromConfig("Hashing", Map.of("num_bins", 4)) instanceof Hashing);
    // a string model input hashed in the graph
    try (Model m =
        Sequential.named("hashed").input(DType.STRING).add(new Hashing(7)).build()) {
      FloatNdArray p = m.predict(new String[] {"great", "", "the movie"});
      assertArrayEquals(
          new float[] {5, 6, 4}, new float[] {p.getFloat(0), p.getFloat(1), p.getFloat(2)});
    }
    var e = assertThrows(IllegalArgumentException.class, () -> new Hashing(0));
    assertTrue(e.getMessage().contains("num_bins"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> Hashing.fromConfig(Map.of("num_bins", 3, "salt", List.of(1))));
    assertTrue(e.getMessage().contains("list of 2 integers"), e.getMessage());
  }
}
