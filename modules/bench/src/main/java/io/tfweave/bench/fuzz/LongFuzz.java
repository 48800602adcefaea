package io.tfweave.bench.fuzz;

import io.tfweave.testing.ParserFuzzTargets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Long fuzzing runs of every pure-Java parser ({@link ParserFuzzTargets}) with Jazzer's standalone driver, one child JVM per
 * target, each for {@code --seconds} (default 300), starting from the seeds and findings the test suite replays
 * ({@code src/test/resources/.../<Class>Inputs/<method>/}) and growing a working corpus in {@code --work} (default a
 * temporary directory). Prints per target the executions, executions per second, coverage, corpus size and findings; a
 * finding (an input that throws anything but the documented exception, runs out of memory or times out) is written next to
 * the corpus as {@code crash-*}, {@code oom-*} or {@code timeout-*} (over 20 s) and makes the exit code 1: add it to the
 * seeds as {@code finding-<what>} once the parser is fixed. libFuzzer's {@code slow-unit-*} files (the slowest input so far)
 * are not findings: re-run one alone to see whether it is slow or the machine was busy. Run from the repository root:
 *
 * <pre>
 * tools/bench fuzz.LongFuzz --seconds 300 [idx npy ...]
 * </pre>
 *
 * <p>{@code tools/test} runs it with {@code --seconds 3} for every parser, so each test run fuzzes each parser for a short
 * fixed budget beyond the committed seeds.
 */
public final class LongFuzz {
  private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
  private static final Pattern STATUS =
      Pattern.compile("#(\\d+)\\s+\\w+\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)");
  private static final Map<String, String> SEEDS = Map.of(
      "idx", "data/format/FormatFuzzTestInputs/idx",
      "npy", "data/format/FormatFuzzTestInputs/npy",
      "npz", "data/format/FormatFuzzTestInputs/npz",
      "pickle", "data/format/FormatFuzzTestInputs/pickle",
      "csv", "data/CsvFuzzTestInputs/csv",
      "tfRecord", "formats/FormatsFuzzTestInputs/tfRecord",
      "checkpoint", "formats/FormatsFuzzTestInputs/checkpoint",
      "eventFile", "formats/FormatsFuzzTestInputs/eventFile",
      "savedModel", "formats/FormatsFuzzTestInputs/savedModel",
      "stateFile", "internal/CheckpointStateFuzzTestInputs/stateFile");

  private LongFuzz() {}

  public static void main(String[] args) throws Exception {
    long seconds = 300;
    Path work = null;
    boolean temporary = false;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Long.parseLong(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> names.add(args[i]);
      }
    }
    if (names.isEmpty()) names.addAll(ParserFuzzTargets.all().keySet());
    if (work == null) {
      work = Files.createTempDirectory("tfweave-fuzz");
      temporary = true;
    }
    System.out.printf(
        Locale.ROOT,
        "fuzzing %d targets for %d s each; corpora in %s%n",
        names.size(),
        seconds,
        work);
    System.out.println("target          runs       runs/s   cov     ft  corpus  findings");
    int findings = 0;
    for (String name : names) {
      if (!SEEDS.containsKey(name))
        throw new IllegalArgumentException(
            "Unknown target '" + name + "'; targets: " + SEEDS.keySet());
      findings += fuzz(name, seconds, work.resolve(name));
    }
    System.out.println(
        findings == 0 ? "no findings" : findings + " finding(s): see the crash-* files above");
    System.exit(findings == 0 ? 0 : 1);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private static int fuzz(String name, long seconds, Path dir)
      throws IOException, InterruptedException {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Path seeds = Path.of("src/test/resources/io/tfweave").resolve(SEEDS.get(name));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g",
        "-XX:-OmitStackTraceInFastThrow",
        "-cp",
        System.getProperty("java.class.path"),
        "com.code_intelligence.jazzer.Jazzer",
        "--target_class=" + FuzzTarget.class.getName(),
        "--target_args=" + name,
        "--instrumentation_includes=io.tfweave.**",
        "-max_total_time=" + seconds,
        "-timeout=20",
        "-rss_limit_mb=3072",
        "--reproducer_path=" + dir.toAbsolutePath(),
        "-artifact_prefix=" + dir.toAbsolutePath() + "/",
        corpus.toString()));
    if (Files.isDirectory(seeds)) cmd.add(seeds.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long runs = -1;
    long took = 0;
    String cov = "?", ft = "?", corp = "?";
    List<String> tail = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        Matcher d = DONE.matcher(line);
        if (d.find()) {
          runs = Long.parseLong(d.group(1));
          took = Long.parseLong(d.group(2));
        }
        Matcher s = STATUS.matcher(line);
        if (s.find()) {
          cov = s.group(2);
          ft = s.group(3);
          corp = s.group(4);
        }
        tail.add(line);
        if (tail.size() > 30) tail.remove(0);
      }
    }
    int exit = p.waitFor();
    long found;
    try (Stream<Path> files = Files.list(dir)) {
      found = files
          .filter(f -> f.getFileName().toString().matches("(crash|oom|timeout|leak)-.*"))
          .count();
    }
    System.out.printf(
        Locale.ROOT,
        "%-12s %10d %10.0f %5s %6s %7s %9d%n",
        name,
        runs,
        runs / (double) Math.max(1, took),
        cov,
        ft,
        corp,
        found);
    if (found > 0 || (exit != 0 && runs < 0)) {
      tail.forEach(l -> System.out.println("  | " + l));
      return (int) Math.max(1, found);
    }
    return 0;
  }
}
