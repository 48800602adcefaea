package io.tfweave.data;

import java.nio.file.Path;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/**
 * Images as one float array {@code [n, height, width, channels]} with an integer class label
 * per image, the class names the labels index, and the file each image came from.
 *
 * @param images pixel values, channels last, in the range 0..255 unless stated otherwise
 * @param labels class indices {@code [n]}, each in {@code [0, classNames.size())}
 * @param classNames the name of each class, indexed by label
 * @param filePaths the file of each image, or an empty list when the images were not read
 *     from one file each (for example Fashion-MNIST)
 */
public record LabeledImages(
    FloatNdArray images, IntNdArray labels, List<String> classNames, List<Path> filePaths) {
  /** Copies the lists and checks that images and labels agree in number. */
  public LabeledImages {
    classNames = List.copyOf(classNames);
    filePaths = List.copyOf(filePaths);
    long n = images.shape().get(0);
    if (labels.shape().get(0) != n || (!filePaths.isEmpty() && filePaths.size() != n)) {
      throw new IllegalArgumentException("images, labels and filePaths must have the same"
          + " length. Received: images.shape=" + images.shape() + ", labels.shape="
          + labels.shape() + ", filePaths.size=" + filePaths.size());
    }
  }

  /** Returns the number of images. */
  public int size() {
    return (int) images.shape().get(0);
  }
}
