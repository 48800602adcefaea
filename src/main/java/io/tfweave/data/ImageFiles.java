package io.tfweave.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The image files of a class-per-subfolder directory and their labels, in the order {@link ImageFolder#load} decodes them
 * (for readers that decode elsewhere, such as a streaming pipeline).
 *
 * @param files the image files, in order
 * @param labels the class index of each file
 * @param classNames the name of each class, indexed by label
 */
public record ImageFiles(List<Path> files, List<Integer> labels, List<String> classNames) {
  /** Copies the lists and checks that they agree in length. */
  public ImageFiles {
    files = List.copyOf(files);
    labels = List.copyOf(labels);
    classNames = List.copyOf(classNames);
    if (files.size() != labels.size()) {
      throw new IllegalArgumentException("files and labels must have the same length. Received: "
          + files.size() + " files, " + labels.size() + " labels");
    }
  }
}
