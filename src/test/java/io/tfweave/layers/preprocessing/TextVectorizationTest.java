package io.tfweave.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.LayerRegistry;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.preprocessing.TextVectorization.Split;
import io.tfweave.layers.preprocessing.TextVectorization.Standardize;
import io.tfweave.shape.ShapeMismatchException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TextVectorization on string tensors: Keras's documented outputs, vocabulary order, modes, config, errors. */
class TextVectorizationTest {
  private static int[][] rows(HostArray a) {
    long[] s = a.shape().asArray();
    int[] v = a.asInt("ids").ints();
    int[][] r = new int[(int) s[0]][(int) s[1]];
    for (int i = 0; i < r.length; i++) System.arraycopy(v, i * r[i].length, r[i], 0, r[i].length);
    return r;
  }

  @Test
  void kerasDocumentedExamples() {
    // keras.layers.TextVectorization's docstring: adapt, then vectorize with
    // output_sequence_length=4
    TextVectorization tv = new TextVectorization().maxTokens(5000).outputSequenceLength(4);
    tv.adapt("foo bar", "bar baz", "baz bada boom");
    assertEquals(List.of("", "[UNK]", "baz", "bar", "foo", "boom", "bada"), tv.getVocabulary());
    assertArrayEquals(
        new int[][] {{4, 1, 3, 0}, {1, 2, 0, 0}}, rows(tv.vectorize("foo qux bar", "qux baz")));
    // a given vocabulary gets the padding and OOV tokens in front
    assertEquals(
        List.of("", "[UNK]", "earth", "wind", "and", "fire"),
        new TextVectorization().vocabulary("earth", "wind", "and", "fire").getVocabulary());
    // keras.layers.StringLookup's docstring: ties are broken by the tokens from high to low
    assertEquals(
        List.of("", "[UNK]", "d", "z", "c", "b", "a"),
        new TextVectorization().adapt("a c d", "d z b").getVocabulary());
  }

  @Test
  void standardizationSplitAndLengths() {
    TextVectorization tv = new TextVectorization().vocabulary("hello", "world", "its", "a", "b");
    // lower case, punctuation stripped (including the apostrophe), runs of whitespace
    assertArrayEquals(
        new int[][] {{2, 3, 4, 0}, {5, 6, 5, 1}},
        rows(tv.vectorize("Hello,  World!\tIt's", " A b a? c ")));
    // no token at all: as Keras's ragged-to-dense, a (2, 0) matrix
    assertArrayEquals(new long[] {2, 0}, tv.vectorize("", "!!").shape().asArray());
    TextVectorization asIs =
        new TextVectorization().standardize(Standardize.NONE).vocabulary("Hello", "hello");
    assertArrayEquals(new int[][] {{2, 3, 1}}, rows(asIs.vectorize("Hello hello hello,")));
    TextVectorization chars = new TextVectorization()
        .split(Split.CHARACTER)
        .standardize(Standardize.LOWER)
        .outputSequenceLength(5)
        .adapt("héé", "eh");
    assertEquals(List.of("", "[UNK]", "é", "h", "e"), chars.getVocabulary());
    // Keras's tf.strings.lower is ASCII-only: É stays upper case (out of vocabulary); the second
    // text is truncated
    assertArrayEquals(
        new int[][] {{3, 1, 2, 0, 0}, {4, 1, 4, 3, 2}}, rows(chars.vectorize("HÉé", "exeHéé!")));
    TextVectorization whole =
        new TextVectorization().split(Split.NONE).vocabulary("good movie", "bad");
    assertArrayEquals(
        new int[][] {{2}, {3}, {1}, {0}},
        rows(whole.vectorize("Good movie!", "bad", "bad movie", "")));
    // max_tokens counts the special tokens
    TextVectorization small = new TextVectorization().maxTokens(4).adapt("x y y z z z");
    assertEquals(List.of("", "[UNK]", "z", "y"), small.getVocabulary());
    assertEquals(4, small.vocabularySize());
  }

  @Test
  void multiHotAndCount() {
    TextVectorization count =
        new TextVectorization().outputMode(OutputMode.COUNT).vocabulary("a", "b", "c");
    assertEquals(List.of("[UNK]", "a", "b", "c"), count.getVocabulary());
    HostArray c = count.vectorize("a b a x y", "c");
    assertArrayEquals(new long[] {2, 4}, c.shape().asArray());
    assertArrayEquals(new float[] {2, 2, 1, 0, 0, 0, 0, 1}, c.asFloat().floats());
    TextVectorization hot = new TextVectorization()
        .outputMode(OutputMode.MULTI_HOT)
        .maxTokens(6)
        .padToMaxTokens(true)
        .adapt("a b a", "b c");
    assertEquals(List.of("[UNK]", "b", "a", "c"), hot.getVocabulary());
    assertArrayEquals(
        new float[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0},
        hot.vectorize("a b a q", "c c").asFloat().floats());
  }

  @Test
  void configCarriesTheVocabulary() throws Exception {
    TextVectorization tv = new TextVectorization()
        .maxTokens(10)
        .outputSequenceLength(3)
        .adapt("the cat", "the dog")
        .named("text_vectorization");
    Map<String, Object> c = tv.config();
    assertEquals(List.of("the", "dog", "cat"), c.get("vocabulary"));
    assertEquals(5, c.get("vocabulary_size"));
    assertEquals("lower_and_strip_punctuation", c.get("standardize"));
    assertEquals("whitespace", c.get("split"));
    assertEquals("int", c.get("output_mode"));
    ObjectMapper json = new ObjectMapper();
    String written = json.writeValueAsString(c);
    TextVectorization again = (TextVectorization) LayerRegistry.fromConfig(
        "TextVectorization", json.readValue(written, new TypeReference<Map<String, Object>>() {}));
    assertEquals(written, json.writeValueAsString(again.config()));
    assertArrayEquals(
        tv.vectorize("the bird and the cat").ints(),
        again.vectorize("the bird and the cat").ints());
    TextVectorization none =
        TextVectorization.fromConfig(Map.of("standardize", "lower", "split", "character"));
    assertNull(new TextVectorization()
        .standardize(Standardize.NONE)
        .split(Split.NONE)
        .config()
        .get("standardize"));
    assertEquals("character", none.config().get("split"));
    var nulls = new java.util.HashMap<String, Object>();
    nulls.put("standardize", null);
    nulls.put("split", null);
    var fromNulls = TextVectorization.fromConfig(nulls);
    assertArrayEquals(new int[] {1}, fromNulls.vectorize("A b").ints());
  }

  @Test
  void outputShapesAndDtypes() {
    SymbolicTensor in = Input.of(1);
    SymbolicTensor ids = new TextVectorization().outputSequenceLength(7).apply(in);
    assertEquals("[-1, 7]", ids.shape().toString());
    assertEquals(DType.INT64, ids.dtype());
    SymbolicTensor hot = new TextVectorization()
        .outputMode(OutputMode.MULTI_HOT)
        .vocabulary("a", "b")
        .apply(Input.of(1));
    assertEquals("[-1, 3]", hot.shape().toString());
    assertEquals(DType.FLOAT32, hot.dtype());
  }

  @Test
  void ngramsAndTfIdfSurviveTheirConfig() {
    TextVectorization tv =
        new TextVectorization().outputMode(OutputMode.TF_IDF).ngrams(2).adapt("a b", "a c", "b a");
    assertTrue(tv.getVocabulary().contains("a b"), tv.getVocabulary().toString());
    TextVectorization again = TextVectorization.fromConfig(tv.config());
    assertEquals(tv.getVocabulary(), again.getVocabulary());
    assertArrayEquals(
        tv.vectorize("a b c d").floats(), again.vectorize("a b c d").floats());
    // 'a' is in all 3 documents: idf = log(1 + 3 / (1 + 3)); twice in the text
    int a = tv.getVocabulary().indexOf("a");
    assertEquals(2 * Math.log1p(3 / 4.0), tv.vectorize("a x a").floats()[a], 1e-6);
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> new TextVectorization().outputMode(OutputMode.COUNT).outputSequenceLength(4));
    assertTrue(
        e.getMessage()
            .contains("output_sequence_length must not be set if output_mode is not 'int'"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TextVectorization().maxTokens(1));
    assertTrue(e.getMessage().contains("Received: max_tokens=1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TextVectorization()
        .outputMode(OutputMode.ONE_HOT));
    assertTrue(
        e.getMessage()
            .contains(
                "output_mode must be one of int, multi_hot, count, tf_idf. Received: output_mode=one_hot"),
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> TextVectorization.fromConfig(Map.of("ngrams", 0)));
    assertTrue(e.getMessage().contains("ngrams=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TextVectorization().idfWeights(1f));
    assertTrue(e.getMessage().contains("only be set if output_mode is 'tf_idf'"), e.getMessage());
    var st = assertThrows(IllegalStateException.class, () -> new TextVectorization()
        .outputMode(OutputMode.TF_IDF)
        .vocabulary("a", "b")
        .vectorize("a"));
    assertTrue(st.getMessage().contains("no idf_weights"), st.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new TextVectorization().maxTokens(4).vocabulary("a", "b", "c"));
    assertTrue(
        e.getMessage().contains("Attempted to set a vocabulary larger than the maximum vocab size"),
        e.getMessage());
    var s = assertThrows(
        ShapeMismatchException.class, () -> new TextVectorization().named("tv").apply(Input.of(2)));
    assertTrue(
        s.getMessage()
            .contains(
                "Layer 'tv' (TextVectorization) expects texts of shape (batch,) or (batch, 1)"),
        s.getMessage());
  }
}
