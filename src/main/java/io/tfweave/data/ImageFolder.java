package io.tfweave.data;

import io.tfweave.data.internal.ImagePixels;
import io.tfweave.data.internal.NumpyRandomState;
import io.tfweave.data.internal.Resize;
import io.tfweave.graph.RandomSeeds;
import io.tfweave.internal.DataChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Loads a folder of images with one subfolder per class, like Keras's
 * {@code image_dataset_from_directory} with {@code labels="inferred"} and
 * {@code label_mode="int"}.
 *
 * <p>Class names are the subfolder names in sorted order (hidden ones skipped) unless
 * {@code classNames} says otherwise; a class folder's images are found recursively, sorted by
 * folder path and then file name, and kept when they end in {@code .bmp}, {@code .gif},
 * {@code .jpeg}, {@code .jpg} or {@code .png} (any case). With {@code shuffle} the whole file
 * list is shuffled by numpy's {@code RandomState(seed)} exactly as Keras does, so the same seed
 * gives the same order and the same training/validation split as Keras. With a
 * {@code validationSplit} the last {@code (int) (validationSplit * n)} files are the validation
 * subset and the others the training subset. Each image is decoded by {@link Images#read}
 * into the channels of {@code colorMode} and resized to {@code imageSize}; all of them are held
 * in one {@code [n, height, width, channels]} array. Per-epoch reshuffling is left to the
 * training loop.
 */
public final class ImageFolder {
  /** The file extensions Keras accepts, lowercase. */
  public static final List<String> ALLOWED_FORMATS =
      List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

  private ImageFolder() {}

  /**
   * Loads all images, or the {@code subset} of them, under {@code root}.
   *
   * @throws IllegalArgumentException for inconsistent options (Keras's rules: a
   *     {@code validationSplit} needs a {@code subset} and, when shuffling, a {@code seed})
   */
  public static LabeledImages load(Path root, ImageFolderOptions options) {
    DataChecks.notNull("options", options);
    if ((options.validationSplit == null) != (options.subset == null)) {
      throw new IllegalArgumentException("If subset is set, validationSplit must be set, and"
          + " inversely. Received: validationSplit=" + options.validationSplit + ", subset="
          + (options.subset == null ? "null" : '"' + options.subset + '"')
          + ". Use loadBoth() to get both subsets.");
    }
    Listing all = list(root, options);
    if (options.validationSplit == null) {
      return decode(all, 0, all.files.size(), options);
    }
    int val = validationCount(all, options, root);
    return "training".equals(options.subset)
        ? decode(all, 0, all.files.size() - val, options)
        : decode(all, all.files.size() - val, all.files.size(), options);
  }

  /** Loads the training and validation subsets together, Keras's {@code subset="both"}. */
  public static TrainTest<LabeledImages> loadBoth(Path root, ImageFolderOptions options) {
    DataChecks.notNull("options", options);
    if (options.validationSplit == null) {
      throw new IllegalArgumentException(
          "loadBoth() needs a validationSplit. Received: validationSplit=null");
    }
    Listing all = list(root, options);
    int n = all.files.size();
    int val = validationCount(all, options, root);
    return new TrainTest<>(decode(all, 0, n - val, options), decode(all, n - val, n, options));
  }

  /**
   * The files and labels {@link #load} would decode, in its order (the same listing, shuffle and subset), without decoding
   * them.
   */
  public static ImageFiles files(Path root, ImageFolderOptions options) {
    DataChecks.notNull("options", options);
    if ((options.validationSplit == null) != (options.subset == null)) {
      throw new IllegalArgumentException(
          "If subset is set, validationSplit must be set, and inversely. Received: "
              + "validationSplit=" + options.validationSplit + ", subset=" + options.subset);
    }
    Listing all = list(root, options);
    int n = all.files.size();
    int from = 0;
    int to = n;
    if (options.validationSplit != null) {
      int val = validationCount(all, options, root);
      if ("training".equals(options.subset)) to = n - val;
      else from = n - val;
    }
    List<Integer> labels = new ArrayList<>();
    for (int i = from; i < to; i++) labels.add(all.labels[i]);
    return new ImageFiles(all.files.subList(from, to), labels, all.classNames);
  }

  private static int validationCount(Listing all, ImageFolderOptions options, Path root) {
    int n = all.files.size();
    int val = (int) (options.validationSplit * n);
    if (val == 0) {
      throw new IllegalArgumentException("validationSplit=" + options.validationSplit + " of "
          + n + " images in " + root + " leaves no validation image (Keras would return an"
          + " empty subset). Use a larger validationSplit or more images.");
    }
    return val;
  }

  private record Listing(List<Path> files, int[] labels, List<String> classNames) {}

  private static Listing list(Path root, ImageFolderOptions options) {
    if (options.validationSplit != null && options.shuffle && options.seed == null) {
      throw new IllegalArgumentException("If using validationSplit and shuffling the data, you"
          + " must provide a seed, to make sure that there is no overlap between the training"
          + " and validation subset. Received: seed=null");
    }
    if (!Files.isDirectory(root)) {
      throw new DatasetNotFoundException(
          root,
          "Image folder not found: " + root + " is not a" + " directory. Expected " + root
              + "/<class name>/<image files>.");
    }
    List<String> subdirs;
    try (Stream<Path> children = Files.list(root)) {
      subdirs = children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
    }
    List<String> classNames = subdirs;
    if (options.classNames != null) {
      if (!subdirs.containsAll(options.classNames)) {
        throw new IllegalArgumentException("classNames did not match the subfolders of " + root
            + ". Expected: " + subdirs + " (or a subset of it), but received: classNames="
            + options.classNames);
      }
      classNames = options.classNames;
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      for (Path f : imagesUnder(root.resolve(classNames.get(c)), options.followLinks)) {
        files.add(f);
        labels.add(c);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No images found in directory " + root + " (classes: "
          + classNames + "). Allowed formats: " + ALLOWED_FORMATS);
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    if (options.shuffle) {
      long seed = options.seed != null
          ? options.seed // Keras: randint(1e6), seeded by set_random_seed
          : RandomSeeds.next(1_000_000)
              .orElseGet(() -> ThreadLocalRandom.current().nextInt(1_000_000));
      int[] perm = new NumpyRandomState(seed).permutation(files.size());
      List<Path> shuffled = new ArrayList<>(files.size());
      int[] shuffledLabels = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        shuffled.add(files.get(perm[i]));
        shuffledLabels[i] = labelArray[perm[i]];
      }
      files = shuffled;
      labelArray = shuffledLabels;
    }
    return new Listing(files, labelArray, classNames);
  }

  /** Image files under {@code dir}, sorted like Keras: by folder path, then by file name. */
  private static List<Path> imagesUnder(Path dir, boolean followLinks) {
    FileVisitOption[] visit =
        followLinks ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS} : new FileVisitOption[0];
    try (Stream<Path> walk = Files.walk(dir, visit)) {
      return walk.filter(Files::isRegularFile)
          .filter(ImageFolder::allowed)
          .sorted(Comparator.comparing((Path p) -> p.getParent().toString())
              .thenComparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean allowed(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return ALLOWED_FORMATS.stream().anyMatch(name::endsWith);
  }

  private static LabeledImages decode(Listing all, int from, int to, ImageFolderOptions o) {
    int n = to - from;
    int channels = ImagePixels.channelsOf(o.colorMode);
    int size = o.height * o.width * channels;
    float[] pixels = new float[Math.multiplyExact(n, size)];
    IntStream.range(0, n).parallel().forEach(i -> {
      ImagePixels p = ImagePixels.read(all.files.get(from + i), channels);
      float[] resized = Resize.resize(
          p.values(), p.height(), p.width(), channels, o.height, o.width, o.interpolation);
      System.arraycopy(resized, 0, pixels, i * size, size);
    });
    int[] labels = java.util.Arrays.copyOfRange(all.labels, from, to);
    return new LabeledImages(
        NdArrays.wrap(
            Shape.of(n, o.height, o.width, channels), DataBuffers.of(pixels, false, false)),
        NdArrays.wrap(Shape.of(n), DataBuffers.of(labels, false, false)),
        all.classNames,
        all.files.subList(from, to));
  }
}
