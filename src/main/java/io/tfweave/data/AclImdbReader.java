package io.tfweave.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the review texts and labels of one split of the raw {@code aclImdb/} folder. */
final class AclImdbReader {
  private static final String[] CLASSES = {"neg", "pos"};
  private final Path dir;

  /** Checks that {@code dir} holds the four review folders, else says how to get them. */
  AclImdbReader(Path dir) {
    this.dir = dir;
    List<String> missing = new ArrayList<>();
    for (String split : new String[] {"train", "test"}) {
      for (String label : CLASSES) {
        if (!Files.isDirectory(dir.resolve(split).resolve(label))) {
          missing.add(split + "/" + label);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new DatasetNotFoundException(
          dir,
          "IMDB reviews not found: " + dir + " lacks "
              + String.join(", ", missing) + ". Download " + Imdb.ACL_IMDB_URL + " and extract it"
              + " (tar -xzf aclImdb_v1.tar.gz creates aclImdb/), then pass the aclImdb folder,"
              + " which must contain train/pos, train/neg, test/pos and test/neg. For example: curl"
              + " -L " + Imdb.ACL_IMDB_URL + " | tar -xz -C "
              + dir.toAbsolutePath().getParent());
    }
  }

  /** The texts of one split, negatives then positives, with labels 0 and 1. */
  record Texts(List<String> texts, int[] labels) {}

  Texts read(String split) {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int label = 0; label < CLASSES.length; label++) {
      Path folder = dir.resolve(split).resolve(CLASSES[label]);
      List<Path> files;
      try (Stream<Path> listing = Files.list(folder)) {
        files = listing
            .filter(p -> p.getFileName().toString().endsWith(".txt"))
            .filter(Files::isRegularFile)
            .sorted(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
      }
      for (Path file : files) {
        try {
          String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
          texts.add(text.replace("<br />", " "));
          labels.add(label);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return new Texts(texts, labels.stream().mapToInt(Integer::intValue).toArray());
  }
}
