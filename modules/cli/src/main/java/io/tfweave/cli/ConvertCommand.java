package io.tfweave.cli;

import io.tfweave.data.ImageFolderOptions;
import io.tfweave.data.pipeline.ImageRecords;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tfweave convert <image-folder> <out-dir>}: writes an image folder (one sub-folder per class) as TFRecord shards of
 * {@code tf.train.Example}s ({@link ImageRecords#write}), readable by {@code Pipeline.fromTfRecords} and Python's
 * {@code tf.data.TFRecordDataset}.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Write an image folder (class sub-folders) as TFRecord shards of tf.train.Example"
          + " (features image: encoded bytes, label: int64, filename), plus PREFIX-classes.txt.",
      "Example: tfweave convert photos/ records/ --shards 8 --prefix train --validation-split 0.2"
          + " --subset training --seed 42"
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE_FOLDER",
      description = "Folder with one sub-folder per class.")
  Path root;

  @Parameters(
      index = "1",
      paramLabel = "OUT_DIR",
      description = "Folder for the shards (created if missing).")
  Path out;

  @Option(
      names = "--shards",
      paramLabel = "N",
      defaultValue = "1",
      description = "Number of files (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(
      names = "--prefix",
      paramLabel = "NAME",
      defaultValue = "data",
      description = "File name prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(
      names = "--no-shuffle",
      description = "Keep the listing order (class, then file name) instead of shuffling.")
  boolean noShuffle;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Shuffle / split seed (as image_dataset_from_directory's).")
  Long seed;

  @Option(
      names = "--validation-split",
      paramLabel = "F",
      description = "Fraction held out for validation (0..1).")
  Double validationSplit;

  @Option(
      names = "--subset",
      paramLabel = "training|validation",
      description = "Which part of the split to write.")
  String subset;

  @Override
  public Integer call() {
    if (!Files.isDirectory(root))
      throw new CliException("image folder '" + root + "' does not exist or is not a folder");
    if (shards <= 0) throw new CliException("--shards must be positive. Received: " + shards);
    List<Path> files;
    try {
      ImageFolderOptions o = ImageFolderOptions.defaults().shuffle(!noShuffle);
      if (seed != null) o = o.seed(seed);
      if (validationSplit != null) o = o.validationSplit(validationSplit);
      if (subset != null) o = o.subset(subset);
      Files.createDirectories(out);
      files = ImageRecords.write(root, o, out, prefix, shards);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException("cannot convert '" + root + "': " + e.getMessage(), e);
    } catch (UncheckedIOException | java.io.IOException e) {
      throw new CliException("cannot write into '" + out + "': " + e.getMessage(), e);
    }
    long bytes = 0;
    for (Path f : files) bytes += f.toFile().length();
    spec.commandLine()
        .getOut()
        .println("Wrote " + files.size() + " shard(s) " + out.resolve(prefix + "-*.tfrecord") + " ("
            + bytes + " bytes) and " + out.resolve(prefix + "-classes.txt"));
    return 0;
  }
}
