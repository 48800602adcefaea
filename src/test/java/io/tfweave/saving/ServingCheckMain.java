package io.tfweave.saving;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Run in a fresh JVM by the export tests: loads a SavedModel with plain TF Java ({@code SavedModelBundle.load(dir, "serve")}),
 * calls {@code serving_default} on the input written by the test and writes the chosen output back.
 *
 * <p>Arguments: {@code <savedmodel dir> <input key> <input file> <output key> <output file> [int32|int64]}; files hold a
 * rank, the dimensions and the float values ({@link #write}); with the last argument the input is fed as integers. Several
 * outputs: comma-separated keys and as many comma-separated files.
 */
public final class ServingCheckMain {
  private ServingCheckMain() {}

  public static void main(String[] args) throws IOException {
    try (SavedModelBundle b = SavedModelBundle.load(args[0], "serve");
        Tensor x = args.length > 5 ? readInts(Path.of(args[2]), args[5]) : read(Path.of(args[2]));
        Result r = b.function("serving_default").call(Map.of(args[1], x))) {
      String[] keys = args[3].split(",");
      String[] files = args[4].split(",");
      for (int k = 0; k < keys.length; k++) {
        String key = keys[k];
        Tensor out = r.get(key).orElseThrow(() -> new IllegalStateException("no output " + key));
        TFloat32 y = (TFloat32) out;
        float[] v = new float[(int) y.shape().size()];
        y.copyTo(DataBuffers.of(v, false, false));
        write(Path.of(files[k]), y.shape().asArray(), v);
      }
      System.out.println("method="
          + b.metaGraphDef().getSignatureDefMap().get("serving_default").getMethodName());
    }
  }

  static TFloat32 read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      long[] shape = new long[in.readInt()];
      for (int i = 0; i < shape.length; i++) shape[i] = in.readLong();
      float[] v = new float[(int) Shape.of(shape).size()];
      for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
      return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false));
    }
  }

  /** The values of {@code file} as an int32 or int64 tensor. */
  static Tensor readInts(Path file, String type) throws IOException {
    try (TFloat32 t = read(file)) {
      float[] v = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(v, false, false));
      if (type.equals("int64")) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = (long) v[i];
        return TInt64.tensorOf(t.shape(), DataBuffers.of(l, true, false));
      }
      int[] n = new int[v.length];
      for (int i = 0; i < v.length; i++) n[i] = (int) v[i];
      return TInt32.tensorOf(t.shape(), DataBuffers.of(n, true, false));
    }
  }

  static float[] readValues(Path file) throws IOException {
    try (TFloat32 t = read(file)) {
      float[] v = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(v, false, false));
      return v;
    }
  }

  static void write(Path file, long[] shape, float[] v) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(shape.length);
      for (long d : shape) out.writeLong(d);
      for (float f : v) out.writeFloat(f);
    }
  }

  /** Runs this class in a new JVM with the test classpath; returns its output (fails on a non-zero exit). */
  static String runFresh(String... args) throws IOException, InterruptedException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Tests run on the module path (the library is a module): the fresh JVM gets both paths as its
    // class path.
    String cp = System.getProperty("java.class.path", "");
    String mp = System.getProperty("jdk.module.path", "");
    String path = String.join(
        java.io.File.pathSeparator,
        java.util.stream.Stream.of(mp, cp).filter(s -> !s.isEmpty()).toList());
    java.util.List<String> cmd = new java.util.ArrayList<>(
        java.util.List.of(javaBin, "-cp", path, ServingCheckMain.class.getName()));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0)
      throw new IllegalStateException("Fresh JVM failed (exit " + p.exitValue() + "):\n" + out);
    return out;
  }
}
