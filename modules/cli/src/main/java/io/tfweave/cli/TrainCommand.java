package io.tfweave.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tfweave train <example> [args...]}: runs an example program ({@code io.tfweave.examples.<area>.<Main>}) with its
 * own options; everything after the example name is passed to it unchanged.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Run an example program by name (imdb, spirals, cnn, weather, transfer, ...) with its own options.",
      "Everything after EXAMPLE goes to the program. EXAMPLE may also be area.Class or a fully qualified class name.",
      "Example: tfweave train spirals --epochs 50"
    })
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(
      names = {"-l", "--list"},
      description = "List the examples on the classpath.")
  boolean list;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EXAMPLE", description = "Example name.")
  String example;

  @Parameters(
      index = "1..*",
      paramLabel = "ARGS",
      description = "Options and arguments for the example.")
  List<String> args = List.of();

  @Override
  public Integer call() throws Exception {
    ExampleCatalog catalog = new ExampleCatalog(Thread.currentThread().getContextClassLoader());
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      if (catalog.examples().isEmpty()) out.println(catalog.available());
      for (ExampleCatalog.Example e : catalog.examples())
        out.println(e.area() + "\t" + e.mainClass());
      return 0;
    }
    if (example == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing required parameter: EXAMPLE. " + catalog.available());
    }
    ExampleCatalog.Example e = catalog.resolve(example);
    out.flush();
    try {
      catalog.run(e, args.toArray(String[]::new));
    } catch (InvocationTargetException ex) {
      Throwable cause = ex.getCause();
      PrintWriter err = spec.commandLine().getErr();
      cause.printStackTrace(err);
      throw new CliException(
          "example '" + e.label() + "' (" + e.mainClass() + ") failed: " + cause, cause);
    }
    return 0;
  }
}
