package io.tfweave.cli;

import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.CheckpointVariable;
import io.tfweave.formats.SavedModelInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tfweave inspect <savedmodel>}: signatures (inputs and outputs with dtypes and shapes), ops and variables, as
 * {@code saved_model_cli show --all} prints them, followed by the checkpoint's tensors with their sizes. Reads the files
 * directly; TensorFlow is not loaded.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Show a SavedModel's signatures, inputs/outputs (dtype, shape), ops and variables with sizes.")
final class InspectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SAVEDMODEL",
      description = "SavedModel directory (with saved_model.pb).")
  Path dir;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Meta graph tag to select (default: ${DEFAULT-VALUE}).",
      defaultValue = "serve")
  String tag;

  @Override
  public Integer call() {
    CliFiles.savedModelDir(dir);
    PrintWriter out = spec.commandLine().getOut();
    SavedModelInfo info;
    try {
      info = SavedModelInfo.read(dir, tag);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CliException(
          "could not read " + dir.resolve("saved_model.pb") + ": " + e.getMessage(), e);
    }
    out.println("SavedModel: " + dir.toAbsolutePath().normalize());
    out.print(info.describe());
    printCheckpoint(out);
    return 0;
  }

  private void printCheckpoint(PrintWriter out) {
    if (!Files.exists(dir.resolve("variables").resolve("variables.index"))) {
      out.println("\nCheckpoint: none (no variables/variables.index)");
      return;
    }
    CheckpointReader ckpt;
    try {
      ckpt = CheckpointReader.open(dir);
    } catch (IOException e) {
      throw new CliException(
          "could not read the checkpoint in " + dir.resolve("variables") + ": " + e.getMessage(),
          e);
    }
    List<CheckpointVariable> vars = ckpt.variables();
    out.println("\nCheckpoint: " + dir.relativize(ckpt.prefix()) + " (" + ckpt.numShards()
        + " shard" + (ckpt.numShards() == 1 ? "" : "s") + ", " + vars.size() + " tensors)");
    int width = Math.max(4, vars.stream().mapToInt(v -> v.name().length()).max().orElse(4));
    String row = "  %-" + width + "s  %-10s  %-16s  %12s  %12s%n";
    out.printf(Locale.ROOT, row, "name", "dtype", "shape", "elements", "bytes");
    long elements = 0;
    long bytes = 0;
    for (CheckpointVariable v : vars) {
      out.printf(
          Locale.ROOT,
          row,
          v.name(),
          v.dtype().name().replaceFirst("^DT_", "").toLowerCase(Locale.ROOT),
          CliFiles.shape(v.shape()) + (v.sliced() ? " sliced" : ""),
          CliFiles.count(v.numElements()),
          CliFiles.count(v.sizeBytes()));
      elements += v.numElements();
      bytes += v.sizeBytes();
    }
    out.println(
        "Total: " + CliFiles.count(elements) + " elements, " + CliFiles.count(bytes) + " bytes");
  }
}
