package io.tfweave.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tfweave} command-line tool: inspects SavedModels, runs predictions with TF Serving style JSON, prints the
 * layer table of tfweave exports, runs the example programs, plots training histories and converts image folders to
 * TFRecord shards.
 *
 * <p>Exit codes: 0 on success, 1 when a command fails on its input (a message names the file and the problem), 2 for a
 * usage error (unknown option, missing argument), printed with the command's usage.
 */
@Command(
    name = "tfweave",
    mixinStandardHelpOptions = true,
    version = "tfweave 0.1.0-SNAPSHOT",
    description = "Inspect, run and plot tfweave / TensorFlow models.",
    subcommands = {
      InspectCommand.class,
      PredictCommand.class,
      SummaryCommand.class,
      TrainCommand.class,
      PlotCommand.class,
      ConvertCommand.class
    },
    synopsisSubcommandLabel = "COMMAND")
public final class TfweaveCli implements Runnable {
  /** Exit code of a command that failed on its input. */
  public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;
  /** Exit code of a usage error. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  @Spec
  CommandSpec spec;

  /** Without a command: prints the usage and fails with {@link #EXIT_USAGE}. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing required command: one of "
            + String.join(", ", spec.subcommands().keySet()));
  }

  /** Builds the command line with tfweave's error handling; output goes to {@code out}, errors to {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new TfweaveCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.getSubcommands().get("train").setStopAtPositional(true);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter w = cmd.getErr();
      if (cmd.getCommand() instanceof PredictCommand) {
        // as TF Serving's REST API answers a failed request: {"error": "..."}, here on stdout, with
        // a failing exit
        String msg = e instanceof CliException ? e.getMessage() : String.valueOf(e);
        cmd.getOut()
            .println(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("error", msg));
        cmd.getOut().flush();
        return EXIT_FAILURE;
      }
      if (e instanceof CliException) {
        w.println(qualifiedName(cmd) + ": error: " + e.getMessage());
      } else {
        w.println(qualifiedName(cmd) + ": error: " + e);
        e.printStackTrace(w);
      }
      w.print("Usage: " + cmd.getHelp().synopsis(0));
      w.println("Try '" + qualifiedName(cmd) + " --help' for more information.");
      w.flush();
      return EXIT_FAILURE;
    });
    return cl;
  }

  /** Runs the tool on {@code args} and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  /** Entry point: {@code tfweave COMMAND [OPTIONS]}. */
  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }
}
