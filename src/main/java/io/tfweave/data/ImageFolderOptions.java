package io.tfweave.data;

import io.tfweave.data.internal.ImagePixels;
import io.tfweave.data.internal.Resize;
import io.tfweave.internal.DataChecks;
import java.util.List;

/**
 * Options of {@link ImageFolder}, with the names and defaults of Keras's
 * {@code image_dataset_from_directory}: {@code imageSize} (256 x 256), {@code colorMode}
 * ({@code "rgb"}), {@code shuffle} (true), {@code seed} (random when unset),
 * {@code validationSplit} and {@code subset} (unset), {@code classNames} (the sorted
 * subfolders), {@code interpolation} ({@code "bilinear"}) and {@code followLinks} (false).
 *
 * <p>Instances are immutable; each option method returns a new instance.
 */
public final class ImageFolderOptions {
  /** Keras's default image height and width. */
  public static final int IMAGE_SIZE_DEFAULT = 256;

  private static final ImageFolderOptions DEFAULTS = new ImageFolderOptions(
      IMAGE_SIZE_DEFAULT,
      IMAGE_SIZE_DEFAULT,
      "rgb",
      true,
      null,
      null,
      null,
      null,
      "bilinear",
      false);

  final int height;
  final int width;
  final String colorMode;
  final boolean shuffle;
  final Long seed;
  final Double validationSplit;
  final String subset;
  final List<String> classNames;
  final String interpolation;
  final boolean followLinks;

  private ImageFolderOptions(
      int height,
      int width,
      String colorMode,
      boolean shuffle,
      Long seed,
      Double validationSplit,
      String subset,
      List<String> classNames,
      String interpolation,
      boolean followLinks) {
    this.height = height;
    this.width = width;
    this.colorMode = colorMode;
    this.shuffle = shuffle;
    this.seed = seed;
    this.validationSplit = validationSplit;
    this.subset = subset;
    this.classNames = classNames;
    this.interpolation = interpolation;
    this.followLinks = followLinks;
  }

  /** Returns Keras's defaults. */
  public static ImageFolderOptions defaults() {
    return DEFAULTS;
  }

  /** Sets the size every image is resized to. */
  public ImageFolderOptions imageSize(int height, int width) {
    return new ImageFolderOptions(
        DataChecks.positive("height", height),
        DataChecks.positive("width", width),
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        interpolation,
        followLinks);
  }

  /** Sets {@code "rgb"} (3 channels), {@code "rgba"} (4) or {@code "grayscale"} (1). */
  public ImageFolderOptions colorMode(String colorMode) {
    ImagePixels.channelsOf(String.valueOf(colorMode));
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        interpolation,
        followLinks);
  }

  /** Sets whether the file list is shuffled (true) or kept in alphanumeric order. */
  public ImageFolderOptions shuffle(boolean shuffle) {
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        interpolation,
        followLinks);
  }

  /** Sets the seed of numpy's {@code RandomState} that shuffles the file list. */
  public ImageFolderOptions seed(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "seed must be between 0 and 2**32 - 1. Received: seed=" + seed);
    }
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        interpolation,
        followLinks);
  }

  /** Sets the fraction of files, strictly between 0 and 1, held out for validation. */
  public ImageFolderOptions validationSplit(double validationSplit) {
    if (!(validationSplit > 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("validationSplit must be between 0 and 1 (exclusive)."
          + " Received: validationSplit=" + validationSplit);
    }
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        interpolation,
        followLinks);
  }

  /** Sets the part {@link ImageFolder#load} returns: {@code "training"} or {@code "validation"}. */
  public ImageFolderOptions subset(String subset) {
    DataChecks.oneOf("subset", subset, List.of("training", "validation"));
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        interpolation,
        followLinks);
  }

  /** Uses only these subfolders, in this order, as the classes. */
  public ImageFolderOptions classNames(List<String> classNames) {
    DataChecks.notNull("classNames", classNames);
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        List.copyOf(classNames),
        interpolation,
        followLinks);
  }

  /** Sets {@code "bilinear"} or {@code "nearest"} resizing. */
  public ImageFolderOptions interpolation(String interpolation) {
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        Resize.checkInterpolation(interpolation),
        followLinks);
  }

  /** Sets whether symbolic links to folders are followed while walking class folders. */
  public ImageFolderOptions followLinks(boolean followLinks) {
    return new ImageFolderOptions(
        height,
        width,
        colorMode,
        shuffle,
        seed,
        validationSplit,
        subset,
        classNames,
        interpolation,
        followLinks);
  }

  /** The height images are resized to. */
  public int height() {
    return height;
  }

  /** The width images are resized to. */
  public int width() {
    return width;
  }

  /** {@code "rgb"}, {@code "rgba"} or {@code "grayscale"}. */
  public String colorMode() {
    return colorMode;
  }

  /** {@code "bilinear"} or {@code "nearest"}. */
  public String interpolation() {
    return interpolation;
  }
}
