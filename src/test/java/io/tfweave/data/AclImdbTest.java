package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw reviews. Training texts, in load order (neg by file name, then pos): "bad movie really
 * bad", "boring bad awful", "great movie great acting", "a good movie". Counts: bad 3, movie
 * 3, great 2, the rest 1, so the index is bad=1, movie=2, great=3, really=4, boring=5,
 * awful=6, acting=7, a=8, good=9 (ties in first-seen order).
 */
class AclImdbTest {
  @TempDir
  Path root;

  Path acl;

  private void review(String path, String text) throws IOException {
    Path p = acl.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @BeforeEach
  void writeReviews() throws IOException {
    acl = root.resolve("aclImdb");
    review("train/neg/0_3.txt", "Bad movie.<br /><br />Really bad!");
    review("train/neg/1_1.txt", "Boring, bad; awful");
    review("train/pos/10_8.txt", "A good movie");
    review("train/pos/0_9.txt", "Great movie! Great acting.");
    review("train/unsup/0_0.txt", "bad bad bad bad bad great great great great");
    review("train/labeledBow.feat", "0:9 1:1");
    review("test/neg/0_2.txt", "bad BAD plot");
    review("test/pos/0_10.txt", "great great movie, unseen-word");
  }

  @Test
  void allWords() {
    AclImdb d = Imdb.loadAclImdb(acl, Imdb.ALL_WORDS);
    assertEquals(
        List.of("bad", "movie", "great", "really", "boring", "awful", "acting", "a", "good"),
        List.copyOf(d.wordIndex().keySet()));
    assertEquals(9, d.wordIndex().get("good"));
    assertFalse(d.wordIndex().containsKey("br"));
    // "0_9.txt" sorts before "10_8.txt"
    assertArrayEquals(
        new int[][] {{1, 2, 4, 1}, {5, 1, 6}, {3, 2, 3, 7}, {8, 9, 2}},
        d.train().sequences());
    assertArrayEquals(new int[] {0, 0, 1, 1}, d.train().labels());
    assertArrayEquals(new int[][] {{1, 1}, {3, 3, 2}}, d.test().sequences());
    assertArrayEquals(new int[] {0, 1}, d.test().labels());
  }

  @Test
  void numWordsKeepsTheMostFrequent() {
    AclImdb d = Imdb.loadAclImdb(acl, 4);
    assertArrayEquals(new int[][] {{1, 2, 1}, {1}, {3, 2, 3}, {2}}, d.train().sequences());
    assertArrayEquals(new int[][] {{1, 1}, {3, 3, 2}}, d.test().sequences());
    assertEquals(Map.of("bad", 1), Map.of("bad", d.wordIndex().get("bad")));
    assertEquals(9, d.wordIndex().size());
  }

  @Test
  void missingFoldersSayWhatToDownload() throws IOException {
    Path partial = root.resolve("partial");
    Files.createDirectories(partial.resolve("train/pos"));
    Files.createDirectories(partial.resolve("train/neg"));
    DatasetNotFoundException e = assertThrows(
        DatasetNotFoundException.class, () -> Imdb.loadAclImdb(partial, Imdb.ALL_WORDS));
    assertTrue(e.getMessage().contains("lacks test/neg, test/pos"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("Download https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"),
        e.getMessage());
    assertEquals(
        "numWords must be a positive integer. Received: numWords=0",
        assertThrows(IllegalArgumentException.class, () -> Imdb.loadAclImdb(acl, 0))
            .getMessage());
  }
}
