package io.tfweave.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  @Test
  void textToWordSequenceUsesKerasFilters() {
    assertEquals(
        List.of("hello", "world", "don't", "stop", "a", "b", "é"),
        Tokenizer.textToWordSequence(
            "Hello, World!\tDon't  STOP\na-b (É)", Tokenizer.FILTERS_DEFAULT, true));
    assertEquals(List.of("A", "b"), Tokenizer.textToWordSequence("A.b", ".", false));
    assertEquals(List.of(), Tokenizer.textToWordSequence(" ,;  ", Tokenizer.FILTERS_DEFAULT, true));
  }

  @Test
  void ranksByFrequencyWithTiesInFirstSeenOrder() {
    Tokenizer t = new Tokenizer().fitOnTexts(List.of("b a c", "a c d", "c"));
    // counts: b=1, a=2, c=3, d=1 -> c, a, then the 1s in first-seen order: b, d
    assertEquals(Map.of("c", 1, "a", 2, "b", 3, "d", 4), t.wordIndex());
    assertEquals(List.of("c", "a", "b", "d"), List.copyOf(t.wordIndex().keySet()));
    assertEquals(List.of("b", "a", "c", "d"), List.copyOf(t.wordCounts().keySet()));
    assertArrayEquals(new int[][] {{3, 2, 1, 4}, {}}, t.textsToSequences(List.of("b a c d", "zz")));
  }

  @Test
  void numWordsKeepsIndicesBelowIt() {
    Tokenizer t = new Tokenizer().numWords(3).fitOnTexts(List.of("b a c", "a c d", "c"));
    assertArrayEquals(new int[] {2, 1}, t.textToSequence("b a c d"));
  }

  @Test
  void oovTokenTakesIndexOneAndReplacesCutWords() {
    Tokenizer t = new Tokenizer().numWords(3).oovToken("<OOV>").fitOnTexts(List.of("a a b", "b c"));
    assertEquals(Map.of("<OOV>", 1, "a", 2, "b", 3, "c", 4), t.wordIndex());
    assertArrayEquals(new int[] {2, 1, 1, 1}, t.textToSequence("a b c d"));
  }

  @Test
  void errors() {
    assertEquals(
        "numWords must be a positive integer. Received: numWords=0",
        assertThrows(IllegalArgumentException.class, () -> new Tokenizer().numWords(0))
            .getMessage());
    assertEquals(
        "textToSequence() called before fitOnTexts()",
        assertThrows(IllegalStateException.class, () -> new Tokenizer().textToSequence("a"))
            .getMessage());
    Tokenizer fitted = new Tokenizer().fitOnTexts(List.of("a"));
    assertThrows(IllegalStateException.class, () -> fitted.numWords(3));
  }
}
