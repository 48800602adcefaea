package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.flat;
import static io.tfweave.layers.ImageTestSupport.nd;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.attention.MultiHeadAttention;
import io.tfweave.layers.normalization.LayerNormalization;
import io.tfweave.layers.preprocessing.OutputMode;
import io.tfweave.layers.preprocessing.TextVectorization;
import io.tfweave.models.Model;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * MultiHeadAttention, LayerNormalization and TextVectorization against Keras 3 itself: the fixture
 * ({@code tools/make_text_fixtures.py}, TensorFlow 2.16 / Keras 3) holds Keras's weights by their Keras names, inputs and
 * outputs; the weights are loaded by name into tfweave's layers, whose outputs must equal Keras's.
 */
class KerasTextAttentionFixtureTest {
  static final JsonNode FIXTURE = read();

  private static JsonNode read() {
    try (InputStream in = KerasTextAttentionFixtureTest.class.getResourceAsStream(
        "keras/text_attention_fixture.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Flattens a nested JSON list of numbers; {@code shape} gets its dimensions. */
  static float[] values(JsonNode n, List<Long> shape) {
    List<Float> out = new ArrayList<>();
    for (JsonNode d = n; d.isArray(); d = d.get(0)) shape.add((long) d.size());
    collect(n, out);
    float[] v = new float[out.size()];
    for (int i = 0; i < v.length; i++) v[i] = out.get(i);
    return v;
  }

  private static void collect(JsonNode n, List<Float> out) {
    if (n.isArray()) n.forEach(c -> collect(c, out));
    else out.add((float) n.asDouble());
  }

  static HostArray array(JsonNode n) {
    List<Long> shape = new ArrayList<>();
    float[] v = values(n, shape);
    return HostArray.ofFloats(v, shape.stream().mapToLong(Long::longValue).toArray());
  }

  /** Keras's weights, matched to the layer's weights by name (so a renamed weight fails here). */
  static List<FloatNdArray> kerasWeights(Layer layer, JsonNode weights) {
    List<FloatNdArray> out = new ArrayList<>();
    for (Weight w : layer.weights()) {
      JsonNode k = weights.get(w.name());
      assertNotNull(k, "Keras has no weight '" + w.name() + "'; it has " + weights.fieldNames());
      HostArray a = array(k);
      assertEquals(w.shape(), a.shape(), "shape of " + w.name());
      out.add(nd(a.floats(), a.shape().asArray()));
    }
    assertEquals(weights.size(), out.size(), "number of weights");
    return out;
  }

  @Test
  void multiHeadAttentionEqualsKeras() {
    for (JsonNode c : FIXTURE.get("multi_head_attention")) {
      String name = c.get("name").asText();
      HostArray q = array(c.get("query"));
      HostArray v = array(c.get("value"));
      List<HostArray> xs = new ArrayList<>(List.of(q, v));
      List<SymbolicTensor> ins = new ArrayList<>(
          List.of(Input.of(q.sampleShape().asArray()), Input.of(v.sampleShape().asArray())));
      if (!c.get("key").isNull()) {
        HostArray k = array(c.get("key"));
        xs.add(k);
        ins.add(Input.of(k.sampleShape().asArray()));
      }
      if (!c.get("attention_mask").isNull()) {
        HostArray m = array(c.get("attention_mask"));
        xs.add(m);
        ins.add(Input.of(m.sampleShape().asArray()));
      }
      JsonNode cfg = c.get("config");
      MultiHeadAttention mha = new MultiHeadAttention(
              cfg.get("num_heads").asInt(), cfg.get("key_dim").asInt())
          .valueDim(cfg.get("value_dim").asInt())
          .useCausalMask(c.get("use_causal_mask").asBoolean())
          .returnAttentionScores(true);
      try (Model m = Model.of(ins, mha.applyAll(ins))) {
        m.setWeights(kerasWeights(mha, c.get("weights")));
        List<FloatNdArray> y = m.predictAll(Dataset.ofArrays(xs, null), 8);
        assertClose(array(c.get("output")).floats(), flat(y.get(0)), 1e-5, name + " output");
        assertClose(array(c.get("scores")).floats(), flat(y.get(1)), 1e-5, name + " scores");
      }
    }
  }

  @Test
  void layerNormalizationEqualsKeras() {
    for (JsonNode c : FIXTURE.get("layer_normalization")) {
      int[] axes = new int[c.get("axis").size()];
      for (int i = 0; i < axes.length; i++) axes[i] = c.get("axis").get(i).asInt();
      HostArray x = array(c.get("input"));
      LayerNormalization ln = new LayerNormalization().axis(axes);
      SymbolicTensor in = Input.of(x.sampleShape().asArray());
      try (Model m = Model.of(in, ln.apply(in))) {
        m.setWeights(kerasWeights(ln, c.get("weights")));
        float[] y = flat(m.predictAll(Dataset.ofArrays(List.of(x), null), 8).get(0));
        assertClose(array(c.get("output")).floats(), y, 1e-5, c.get("name").asText());
      }
    }
  }

  /** The cases tfweave's TextVectorization runs, by fixture name. */
  static TextVectorization layer(String name) {
    return switch (name) {
      case "int_default" -> new TextVectorization();
      case "int_length_6" -> new TextVectorization().outputSequenceLength(6);
      case "max_tokens_8" -> new TextVectorization().maxTokens(8).outputSequenceLength(5);
      case "multi_hot" -> new TextVectorization().outputMode(OutputMode.MULTI_HOT);
      case "count_max_tokens_6" -> new TextVectorization()
          .outputMode(OutputMode.COUNT)
          .maxTokens(6);
      case "character" -> new TextVectorization()
          .split(TextVectorization.Split.CHARACTER)
          .outputSequenceLength(12);
      case "bigrams" -> new TextVectorization().ngrams(2).outputSequenceLength(8);
      case "tf_idf" -> new TextVectorization().outputMode(OutputMode.TF_IDF);
      default -> throw new IllegalArgumentException("no tfweave layer for fixture case " + name);
    };
  }

  @Test
  void textVectorizationEqualsKerasOnAFixedCorpus() {
    JsonNode tv = FIXTURE.get("text_vectorization");
    List<String> corpus = new ArrayList<>();
    tv.get("corpus").forEach(t -> corpus.add(t.asText()));
    int checked = 0;
    for (JsonNode c : tv.get("cases")) {
      String name = c.get("name").asText();
      TextVectorization layer = layer(name).adapt(corpus);
      List<String> vocabulary = new ArrayList<>();
      c.get("vocabulary").forEach(t -> vocabulary.add(t.asText()));
      assertEquals(vocabulary, layer.getVocabulary(), name + " vocabulary");
      List<String> probes = new ArrayList<>();
      c.get("probes").forEach(t -> probes.add(t.asText()));
      HostArray got = layer.vectorize(probes.toArray(new String[0]));
      HostArray want = array(c.get("output"));
      assertEquals(want.shape(), got.shape(), name + " shape");
      assertClose(want.floats(), got.asFloat().floats(), 1e-5, name + " output");
      checked++;
    }
    assertEquals(8, checked, "cases checked");
  }

  /** Element-wise {@code |want - got| <= tol * max(1, |want|)}, naming the first element that differs. */
  static void assertClose(float[] want, float[] got, double tol, String what) {
    assertEquals(want.length, got.length, what + ": number of values");
    for (int i = 0; i < want.length; i++) {
      if (Math.abs(want[i] - got[i]) > tol * Math.max(1, Math.abs(want[i])))
        fail(what + ": element " + i + " is " + got[i] + ", Keras gives " + want[i]);
    }
  }
}
