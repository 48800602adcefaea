package io.tfweave.text;

import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Run in a fresh JVM by the string-export test: loads a SavedModel with plain TF Java, feeds raw texts (one per line of
 * the input file) as a DT_STRING tensor to {@code serving_default} and writes the chosen output's floats, one a line.
 *
 * <p>Arguments: {@code <savedmodel dir> <input key> <texts file> <output key> <output file>}.
 */
public final class StringServingMain {
  private StringServingMain() {}

  public static void main(String[] args) throws IOException {
    List<String> texts = Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8);
    try (SavedModelBundle b = SavedModelBundle.load(args[0], "serve");
        TString x = TString.vectorOf(texts.toArray(new String[0]));
        Result r = b.function("serving_default").call(Map.of(args[1], x))) {
      TFloat32 y = (TFloat32) r.get(args[3]).orElseThrow();
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[4])))) {
        for (long i = 0; i < y.shape().size(); i++) out.writeFloat(y.getFloat(i, 0));
      }
      System.out.println("input dtype="
          + b.metaGraphDef()
              .getSignatureDefMap()
              .get("serving_default")
              .getInputsMap()
              .get(args[1])
              .getDtype());
    }
  }

  /** Runs this class in a new JVM with the test's class and module paths; returns its output (fails on a non-zero exit). */
  static String runFresh(String... args) throws IOException, InterruptedException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String path = String.join(
        File.pathSeparator,
        Stream.of(
                System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""))
            .filter(s -> !s.isEmpty())
            .toList());
    List<String> cmd =
        new ArrayList<>(List.of(javaBin, "-cp", path, StringServingMain.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0)
      throw new IllegalStateException("Fresh JVM failed (exit " + p.exitValue() + "):\n" + out);
    return out;
  }
}
