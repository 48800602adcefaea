package io.tfweave.cli;

import io.tfweave.plot.Plots;
import io.tfweave.plot.TrainingCurves;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tfweave plot <history.csv>}: draws a History CSV ({@code History.writeCsv}) as training curves (PNG or SVG). */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = {
      "Plot a History CSV (epoch,loss,...,val_loss,... as History.writeCsv writes it) as training curves.",
      "Example: tfweave plot history.csv --out curves.png --metrics loss,accuracy"
    })
final class PlotCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HISTORY_CSV", description = "History CSV file.")
  Path csv;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Image to write (.png or .svg; default: the CSV's name with .png).")
  Path out;

  @Option(
      names = {"-m", "--metrics"},
      split = ",",
      paramLabel = "NAME",
      description = "Metrics to draw (default: all; 'loss' also draws val_loss).")
  List<String> metrics = List.of();

  @Option(
      names = "--width",
      paramLabel = "PX",
      defaultValue = "" + Plots.WIDTH_DEFAULT,
      description = "Image width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      paramLabel = "PX",
      defaultValue = "" + Plots.HEIGHT_DEFAULT,
      description = "Image height (default: ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--log-scale", description = "Logarithmic y axes.")
  boolean logScale;

  @Override
  public Integer call() {
    if (width <= 0 || height <= 0) {
      throw new CliException(
          "--width and --height must be positive. Received: " + width + "x" + height);
    }
    Map<String, List<Double>> logs = CsvArrays.readHistory(csv);
    Path target = out != null ? out : defaultOut(csv);
    TrainingCurves curves;
    try {
      curves = new TrainingCurves(logs).logScale(logScale);
      if (!metrics.isEmpty()) curves = curves.metrics(metrics.toArray(String[]::new));
      Plots.save(curves, target, width, height);
    } catch (IllegalArgumentException e) {
      throw new CliException("cannot plot '" + csv + "': " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new CliException("could not write '" + target + "': " + e.getCause().getMessage(), e);
    }
    spec.commandLine()
        .getOut()
        .println("Wrote " + target + " (" + String.join(", ", curves.metricNames()) + ")");
    return 0;
  }

  private static Path defaultOut(Path csv) {
    String name = csv.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return csv.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
  }
}
