package io.tfweave.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic movie reviews for text-classification tests: filler sentences around sentiment words, with mixed case and
 * punctuation; half of the sentiment cues are negations of the opposite word ("not boring" is positive), so
 * that word order matters and a bag of words is not enough.
 */
final class SyntheticReviews {
  static final String[] POSITIVE = {
    "great", "excellent", "wonderful", "superb", "brilliant", "moving", "fun", "loved"
  };
  static final String[] NEGATIVE = {
    "awful", "boring", "terrible", "dull", "poor", "weak", "messy", "hated"
  };
  static final String[] FILLER = {
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
    "camera",
    "long"
  };

  /** Review texts and their labels (1 positive, 0 negative). */
  record Reviews(List<String> texts, float[] labels) {}

  private SyntheticReviews() {}

  static Reviews generate(int n, long seed) {
    Random r = new Random(seed);
    List<String> texts = new ArrayList<>();
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      boolean positive = r.nextBoolean();
      labels[i] = positive ? 1 : 0;
      List<String> words = new ArrayList<>();
      int length = 8 + r.nextInt(10);
      for (int k = 0; k < length; k++) words.add(FILLER[r.nextInt(FILLER.length)]);
      int cues = 1 + r.nextInt(2);
      for (int c = 0; c < cues; c++) {
        // a cue is one unit, so that a later cue never splits "not" from its word
        String cue = r.nextBoolean()
            ? "not " + pick(r, positive ? NEGATIVE : POSITIVE)
            : pick(r, positive ? POSITIVE : NEGATIVE);
        words.add(r.nextInt(words.size() + 1), cue);
      }
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < words.size(); k++) {
        String w = words.get(k);
        if (k == 0 || r.nextInt(10) == 0) w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
        b.append(k == 0 ? "" : " ").append(w);
        if (r.nextInt(8) == 0) b.append(r.nextBoolean() ? "," : "!");
      }
      texts.add(b.append('.').toString());
    }
    return new Reviews(texts, labels);
  }

  private static String pick(Random r, String[] words) {
    return words[r.nextInt(words.length)];
  }
}
