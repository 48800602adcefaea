package io.tfweave.examples.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Raw review texts with labels (1 positive, 0 negative): read from an {@code aclImdb/}-style folder (class sub-folders
 * {@code neg/} and {@code pos/} of {@code .txt} files, as Keras's {@code text_dataset_from_directory}), or generated:
 * filler words around sentiment cues, half of them negations ("not boring") that need word order.
 */
record ReviewTexts(List<String> texts, float[] labels) {
  private static final String[] POSITIVE = {
    "great", "excellent", "wonderful", "superb", "brilliant", "moving", "fun"
  };
  private static final String[] NEGATIVE = {
    "awful", "boring", "terrible", "dull", "poor", "weak", "messy"
  };
  private static final String[] FILLER = {
    "the",
    "movie",
    "film",
    "plot",
    "actors",
    "was",
    "and",
    "it",
    "this",
    "story",
    "music",
    "ending",
    "director",
    "cast",
    "scenes",
    "were",
    "a",
    "of",
    "with",
    "some",
    "its",
    "script",
    "camera"
  };

  /** The reviews of {@code dir/neg} (label 0) and {@code dir/pos} (label 1), sorted by file name. */
  static ReviewTexts read(Path dir) {
    List<String> texts = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    String[] classes = {"neg", "pos"};
    for (int label = 0; label < 2; label++) {
      try (Stream<Path> files = Files.list(dir.resolve(classes[label]))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
          texts.add(Files.readString(f, StandardCharsets.UTF_8).replace("<br />", " "));
          labels.add((float) label);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read the reviews in " + dir.resolve(classes[label]) + ": " + e.getMessage(), e);
      }
    }
    float[] y = new float[labels.size()];
    for (int i = 0; i < y.length; i++) y[i] = labels.get(i);
    return new ReviewTexts(texts, y);
  }

  /** {@code n} synthetic reviews. */
  static ReviewTexts synthetic(int n, long seed) {
    Random r = new Random(seed);
    List<String> texts = new ArrayList<>();
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      boolean positive = r.nextBoolean();
      labels[i] = positive ? 1 : 0;
      List<String> words = new ArrayList<>();
      int length = 8 + r.nextInt(10);
      for (int k = 0; k < length; k++) words.add(FILLER[r.nextInt(FILLER.length)]);
      for (int c = 1 + r.nextInt(2); c > 0; c--) {
        String[] own = positive ? POSITIVE : NEGATIVE;
        String[] other = positive ? NEGATIVE : POSITIVE;
        String cue =
            r.nextBoolean() ? "not " + other[r.nextInt(other.length)] : own[r.nextInt(own.length)];
        words.add(r.nextInt(words.size() + 1), cue);
      }
      String text = String.join(" ", words);
      texts.add(Character.toUpperCase(text.charAt(0))
          + text.substring(1)
          + (r.nextBoolean() ? "!" : "."));
    }
    return new ReviewTexts(texts, labels);
  }

  /** The texts as an array. */
  String[] array() {
    return texts.toArray(new String[0]);
  }
}
