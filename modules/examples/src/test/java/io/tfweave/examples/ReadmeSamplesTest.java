package io.tfweave.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's code samples are the compiled {@link ReadmeSamples}: they match line by line, and they run. */
class ReadmeSamplesTest {
  private static final Path README = Path.of("..", "..", "README.md");
  private static final Path SAMPLES =
      Path.of("src/main/java/io/tfweave/examples/ReadmeSamples.java");

  /** The {@code java} fenced blocks of a Markdown text, one list of lines each. */
  static List<List<String>> javaBlocks(List<String> markdown) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown) {
      String t = line.trim();
      if (current == null && t.equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && t.equals("```")) {
        blocks.add(current);
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return blocks;
  }

  @Test
  void everyReadmeJavaBlockIsCopiedFromTheCompiledSamples() throws Exception {
    List<List<String>> blocks = javaBlocks(Files.readAllLines(README));
    assertTrue(blocks.size() >= 4, "README java blocks: " + blocks.size());
    List<String> source = Files.readAllLines(SAMPLES).stream().map(String::trim).toList();
    for (List<String> block : blocks) {
      int at = 0;
      for (String line : block) {
        String t = line.trim();
        if (t.isEmpty()) continue;
        int found = -1;
        for (int i = at; i < source.size(); i++) {
          if (source.get(i).equals(t)) {
            found = i;
            break;
          }
        }
        assertTrue(
            found >= 0,
            "README line not found (in order) in " + SAMPLES + ": " + t
                + "\nFix: change ReadmeSamples.java and copy the block from there.");
        at = found + 1;
      }
    }
  }

  @Test
  void theBlockFinderSeesFencesOnly() {
    List<List<String>> b =
        javaBlocks(List.of("text", "```java", "int a = 1;", "```", "```bash", "ls", "```"));
    assertEquals(List.of(List.of("int a = 1;")), b);
  }

  @Test
  void theSamplesRunAndLearn(@TempDir Path dir) {
    Random r = new Random(3);
    int n = 256;
    int[][] x = new int[n][];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      x[i] = new int[40 + r.nextInt(60)];
      for (int t = 0; t < x[i].length; t++)
        x[i][t] = 1 + r.nextInt(50) + (y[i] > 0 && t % 5 == 0 ? 100 : 0);
    }
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int[][] padded = io.tfweave.utils.Utils.padSequences(x, 500);
      double p = ReadmeSamples.typed(padded, y, padded, dir.resolve("imdb/1"));
      assertTrue(p > 0 && p < 1, "sigmoid output " + p);
      assertTrue(Files.isRegularFile(dir.resolve("imdb/1/saved_model.pb")));
      ReadmeSamples.KerasResult k = ReadmeSamples.kerasSpelling(x, y, x, y);
      assertTrue(
          k.loss() < Math.log(2) - 0.01,
          "3 epochs on separable reviews lower the loss below chance (ln 2): " + k.loss());
      assertEquals(n, k.predictions().shape().get(0));
      assertEquals(1f, k.oneHot()[1][2]);
      assertEquals(0f, k.oneHot()[1][1]);
      ReadmeSamples.layerTest();
    } finally {
      System.setOut(out);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("Total params: 832,065"), printed);
  }
}
