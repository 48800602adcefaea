package io.tfweave.data;

import io.tfweave.data.format.Idx;
import io.tfweave.data.format.IdxArray;
import io.tfweave.data.format.MalformedDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Loads Fashion-MNIST (Zalando's 28x28 grayscale clothing images, 10 classes, 60,000 train and
 * 10,000 test) from its four IDX files, like Keras's {@code fashion_mnist.load_data}.
 *
 * <p>Images come back as {@code [n, 28, 28, 1]} floats with the raw pixel values 0..255 (Keras
 * returns uint8 {@code [n, 28, 28]}; scale with {@code / 255} as usual) and labels as
 * {@code [n]} ints. Each file may be gzip-compressed ({@code .gz}) or plain.
 */
public final class FashionMnist {
  /** The folder the Debian package {@code dataset-fashion-mnist} installs. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  /** The class names, indexed by label. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot");

  private static final String[] FILES = {
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte"
  };

  private FashionMnist() {}

  /** Loads from {@link #DEFAULT_DIR}. */
  public static TrainTest<LabeledImages> load() {
    return load(DEFAULT_DIR);
  }

  /**
   * Loads the four files {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
   * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} (each with or without
   * {@code .gz}) from {@code dir}.
   *
   * @throws DatasetNotFoundException if a file is missing
   */
  public static TrainTest<LabeledImages> load(Path dir) {
    Path[] paths = new Path[FILES.length];
    for (int i = 0; i < FILES.length; i++) {
      paths[i] = find(dir, FILES[i]);
    }
    return new TrainTest<>(part(paths[0], paths[1]), part(paths[2], paths[3]));
  }

  private static Path find(Path dir, String name) {
    for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new DatasetNotFoundException(
        dir,
        "Fashion-MNIST not found: " + dir + " has neither "
            + name + ".gz nor " + name + ". Install the Debian package with `apt-get install"
            + " dataset-fashion-mnist` (it puts the files in " + DEFAULT_DIR + "), or download the"
            + " four *-ubyte.gz files from https://github.com/zalandoresearch/fashion-mnist into "
            + dir);
  }

  private static LabeledImages part(Path imageFile, Path labelFile) {
    IdxArray images = Idx.read(imageFile);
    IdxArray labels = Idx.read(labelFile);
    int[] shape = images.shape();
    if (images.type() != IdxArray.UNSIGNED_BYTE || shape.length != 3) {
      throw new MalformedDataException(imageFile + ": expected unsigned-byte images of shape"
          + " [n, rows, cols] but found type 0x" + Integer.toHexString(images.type())
          + " and shape " + Arrays.toString(shape));
    }
    if (labels.shape().length != 1 || labels.shape()[0] != shape[0]) {
      throw new MalformedDataException(labelFile + ": expected " + shape[0]
          + " labels (one per image of " + imageFile.getFileName() + ") but found shape "
          + Arrays.toString(labels.shape()));
    }
    FloatNdArray x = NdArrays.wrap(
        Shape.of(shape[0], shape[1], shape[2], 1),
        DataBuffers.of(images.toFloatArray(), false, false));
    IntNdArray y =
        NdArrays.wrap(Shape.of(shape[0]), DataBuffers.of(labels.toIntArray(), false, false));
    return new LabeledImages(x, y, CLASS_NAMES, List.of());
  }
}
