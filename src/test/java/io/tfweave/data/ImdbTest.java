package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.format.NumpyFiles;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's {@code imdb.load_data} on a 4 + 3 review file. Raw data (see
 * {@code tools/make_imdb_npz.py}): x_train = [1,14,22,16], [4,1], [9,9,2,7,30], [5] with
 * y_train = 1,0,0,1; x_test = [2,8], [40,1,3], [6] with y_test = 0,1,1. numpy's
 * {@code RandomState(113)} permutes train as [3,2,0,1] and then test as [1,0,2]. Shifting by
 * index_from=3 and prepending start_char=1 gives train [1,8], [1,12,12,5,10,33],
 * [1,4,17,25,19], [1,7,4] and test [1,43,4,6], [1,5,11], [1,9]. Without numWords, Keras uses
 * the largest index, 43, as the bound, so 43 itself becomes oov_char 2.
 */
class ImdbTest {
  @TempDir
  Path dir;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(ImdbTest.class.getResource("/io/tfweave/data/" + name).toURI());
  }

  private static void assertPart(int[][] x, int[] y, LabeledSequences part) {
    assertArrayEquals(x, part.sequences());
    assertArrayEquals(y, part.labels());
  }

  @Test
  void defaultsMatchKerasOnNumpy1AndNumpy2Files() throws Exception {
    for (String f : new String[] {"imdb_numpy1.npz", "imdb_numpy2.npz"}) {
      TrainTest<LabeledSequences> d = Imdb.loadData(fixture(f), ImdbOptions.defaults());
      assertPart(
          new int[][] {{1, 8}, {1, 12, 12, 5, 10, 33}, {1, 4, 17, 25, 19}, {1, 7, 4}},
          new int[] {1, 0, 1, 0},
          d.train());
      assertPart(new int[][] {{1, 2, 4, 6}, {1, 5, 11}, {1, 9}}, new int[] {1, 0, 1}, d.test());
    }
  }

  @Test
  void numWordsAndSkipTopBecomeOov() throws Exception {
    // keep 5 <= w < 10, everything else (start char 1 included) becomes 2
    TrainTest<LabeledSequences> d = Imdb.loadData(
        fixture("imdb_numpy1.npz"), ImdbOptions.defaults().numWords(10).skipTop(5));
    assertPart(
        new int[][] {{2, 8}, {2, 2, 2, 5, 2, 2}, {2, 2, 2, 2, 2}, {2, 7, 2}},
        new int[] {1, 0, 1, 0},
        d.train());
    assertPart(new int[][] {{2, 2, 2, 6}, {2, 5, 2}, {2, 9}}, new int[] {1, 0, 1}, d.test());
  }

  @Test
  void maxlenDropsSequencesOfMaxlenOrMore() throws Exception {
    TrainTest<LabeledSequences> d =
        Imdb.loadData(fixture("imdb_numpy2.npz"), ImdbOptions.defaults().maxlen(4));
    // the largest kept index is 11 (test [1,5,11]) so 11 becomes oov 2
    assertPart(new int[][] {{1, 8}, {1, 7, 4}}, new int[] {1, 0}, d.train());
    assertPart(new int[][] {{1, 5, 2}, {1, 9}}, new int[] {0, 1}, d.test());
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> Imdb.loadData(fixture("imdb_numpy2.npz"), ImdbOptions.defaults().maxlen(2)));
    assertEquals(
        "After filtering for sequences shorter than maxlen=2, no sequence was kept."
            + " Increase maxlen.",
        e.getMessage());
  }

  @Test
  void nullOovCharRemovesCutWords() throws Exception {
    TrainTest<LabeledSequences> d = Imdb.loadData(
        fixture("imdb_numpy1.npz"), ImdbOptions.defaults().oovChar(null).numWords(12));
    assertPart(
        new int[][] {{1, 8}, {1, 5, 10}, {1, 4}, {1, 7, 4}}, new int[] {1, 0, 1, 0}, d.train());
    assertPart(new int[][] {{1, 4, 6}, {1, 5, 11}, {1, 9}}, new int[] {1, 0, 1}, d.test());
  }

  @Test
  void writtenFileWithoutShufflingStartCharOrShift() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("x_train", NumpyFiles.objectLists(new long[][] {{5, 1, 7}, {300, 2}}, 2));
    members.put("y_train", NumpyFiles.int64(new long[] {0, 1}));
    members.put("x_test", NumpyFiles.objectLists(new long[][] {{9}, {}}, 1));
    members.put("y_test", NumpyFiles.int64(new long[] {1, 1}));
    Path npz = dir.resolve("imdb.npz");
    NumpyFiles.npz(npz, members);
    TrainTest<LabeledSequences> d = Imdb.loadData(
        npz, ImdbOptions.defaults().shuffle(false).startChar(null).indexFrom(0).skipTop(2));
    // bound = max index 300, which becomes oov; 1 < skipTop becomes oov
    assertPart(new int[][] {{5, 2, 7}, {2, 2}}, new int[] {0, 1}, d.train());
    assertPart(new int[][] {{9}, {}}, new int[] {1, 1}, d.test());
    TrainTest<LabeledSequences> kept = Imdb.loadData(npz, ImdbOptions.defaults().shuffle(false));
    // the bound is the largest shifted index, 303, which itself becomes oov 2 (Keras quirk)
    assertPart(new int[][] {{1, 8, 4, 10}, {1, 2, 5}}, new int[] {0, 1}, kept.train());
    assertPart(new int[][] {{1, 12}, {1}}, new int[] {1, 1}, kept.test());
  }

  @Test
  void missingFileSaysWhatToDownloadAndWhere() {
    Path npz = dir.resolve("nowhere/imdb.npz");
    DatasetNotFoundException e = assertThrows(
        DatasetNotFoundException.class, () -> Imdb.loadData(npz, ImdbOptions.defaults()));
    assertTrue(
        e.getMessage()
            .contains(
                "Download https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz and save"
                    + " it as " + npz),
        e.getMessage());
    assertEquals(npz, e.path());
  }

  @Test
  void missingArrayListsWhatWasFound() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("x_train", NumpyFiles.objectLists(new long[][] {{5}}, 2));
    members.put("labels", NumpyFiles.int64(new long[] {0}));
    Path npz = dir.resolve("partial.npz");
    NumpyFiles.npz(npz, members);
    MalformedDataException e = assertThrows(
        MalformedDataException.class, () -> Imdb.loadData(npz, ImdbOptions.defaults()));
    assertTrue(
        e.getMessage().contains("has no array 'y_train'")
            && e.getMessage().contains("Found: [x_train, labels]"),
        e.getMessage());
  }

  @Test
  void optionErrors() {
    assertEquals(
        "numWords must be a positive integer. Received: numWords=0",
        assertThrows(
                IllegalArgumentException.class, () -> ImdbOptions.defaults().numWords(0))
            .getMessage());
    assertEquals(
        "skipTop must be 0 or greater. Received: skipTop=-1",
        assertThrows(
                IllegalArgumentException.class, () -> ImdbOptions.defaults().skipTop(-1))
            .getMessage());
    assertEquals(
        "seed must be between 0 and 2**32 - 1. Received: seed=-5",
        assertThrows(
                IllegalArgumentException.class, () -> ImdbOptions.defaults().seed(-5))
            .getMessage());
  }

  @Test
  void wordIndexJson() throws Exception {
    Path json = dir.resolve("imdb_word_index.json");
    Files.writeString(json, "{\"the\": 1, \"and\": 2, \"fawn\": 34701}");
    assertEquals(Map.of("the", 1, "and", 2, "fawn", 34701), Imdb.wordIndex(json));
    DatasetNotFoundException e = assertThrows(
        DatasetNotFoundException.class, () -> Imdb.wordIndex(dir.resolve("none.json")));
    assertTrue(e.getMessage().contains(Imdb.WORD_INDEX_URL));
  }
}
