package io.tfweave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' access to the Python checks in {@code tools/}: the interpreter {@code TFWEAVE_PYTHON} names (default
 * {@code python3}; CI sets it to the pinned venv), whether it imports the modules a check needs (the test is skipped with a
 * message when not), and running a script with its output returned and printed, failing with the script's stderr.
 */
public final class PythonTools {
  private PythonTools() {}

  /** The Python interpreter of the interop checks. */
  public static String python() {
    String p = System.getenv("TFWEAVE_PYTHON");
    return p == null || p.isBlank() ? "python3" : p;
  }

  /** Whether {@link #python()} imports {@code modules} (e.g. {@code "tensorflow, keras"}). */
  public static boolean importable(String modules) {
    try {
      Process p = new ProcessBuilder(python(), "-c", "import " + modules)
          .redirectErrorStream(true)
          .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** Skips the calling test, naming {@code what} it checks, unless {@link #python()} imports {@code modules}. */
  public static void assumeImportable(String modules, String what) {
    assumeTrue(
        importable(modules),
        "Python " + modules + " not importable with " + python() + ": skipping " + what
            + " (set TFWEAVE_PYTHON to a venv's python, e.g. the one tools/python-env makes)");
  }

  /**
   * Runs {@code tools/<script> args...} and returns its standard output (also printed); fails when it does not finish
   * within {@code timeoutSeconds} or exits non-zero, with its output and the end of its standard error.
   */
  public static String runTool(long timeoutSeconds, String script, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(
        List.of(python(), Path.of("tools", script).toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile("tfweave-python", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(
          p.waitFor(timeoutSeconds, TimeUnit.SECONDS),
          script + " finishes within " + timeoutSeconds + " s");
      System.out.print(out);
      if (p.exitValue() != 0) {
        String e = Files.readString(err);
        assertEquals(
            0,
            p.exitValue(),
            String.join(" ", cmd) + ":\n" + out + "\nstderr (end):\n"
                + e.substring(Math.max(0, e.length() - 4000)));
      }
      return out;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
