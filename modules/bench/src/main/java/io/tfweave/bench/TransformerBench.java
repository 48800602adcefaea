package io.tfweave.bench;

import io.tfweave.activations.Activation;
import io.tfweave.blocks.TokenAndPositionEmbedding;
import io.tfweave.blocks.TransformerEncoder;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The Transformer text classifier of the text workload (token ids of length 200, TokenAndPositionEmbedding d = 64, 2 ×
 * TransformerEncoder with 2 heads and a 64-unit feed-forward layer, GlobalAveragePooling1D, Dense(1, sigmoid); Adam,
 * binary cross-entropy, batch 32): tfweave {@code fit} against a hand-written TF Java loop of the same graph
 * ({@link ModelHandLoop}), interleaved epoch by epoch, and against Keras {@code fit} on the same data
 * ({@code tools/keras_transformer_bench.py}, run when {@code TFWEAVE_PYTHON} (default {@code python3}) imports
 * TensorFlow). Prints medians of samples/s and the ratios.
 *
 * <p>{@code tools/bench TransformerBench [rounds] [batchesPerRound]}
 */
public final class TransformerBench {
  static final int MAXLEN = 200;
  static final int VOCAB = 20000;
  static final int DIM = 64;
  static final int HEADS = 2;
  static final int FF = 64;
  static final int BATCH = 32;

  private TransformerBench() {}

  static Model model() {
    return Sequential.named("transformer_classifier")
        .input(DType.INT32, MAXLEN)
        .add(new TokenAndPositionEmbedding(VOCAB, MAXLEN, DIM))
        .add(new TransformerEncoder(FF, HEADS))
        .add(new TransformerEncoder(FF, HEADS))
        .add(new GlobalAveragePooling1D())
        .add(new Dense(1).activation(Activation.SIGMOID))
        .build()
        .seed(1);
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int n = batches * BATCH;
    Random r = new Random(1);
    int[] x = new int[n * MAXLEN];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = 1 + r.nextInt(VOCAB - 1);
    for (int i = 0; i < n; i++) y[i] = r.nextInt(2);
    Dataset data =
        Dataset.ofArrays(List.of(HostArray.ofInts(x, n, MAXLEN)), HostArray.ofFloats(y, n, 1));
    double tfweave;
    double hand;
    try (Model model = model()) {
      System.out.printf(
          Locale.ROOT,
          "Transformer classifier: maxlen %d, vocabulary %d, d %d, %d heads, 2 blocks (%,d parameters), "
              + "batch %d, %d batches per round, %d rounds%n",
          MAXLEN,
          VOCAB,
          DIM,
          HEADS,
          model.countParams(),
          BATCH,
          batches,
          rounds);
      model.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy());
      ModelHandLoop loop = new ModelHandLoop(model, Losses.binaryCrossentropy(), 1e-3f);
      CoreBench.EpochTimer timer = new CoreBench.EpochTimer();
      List<Double> mine = new ArrayList<>();
      List<Double> theirs = new ArrayList<>();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      Random shuffle = new Random(2);
      for (int round = 0; round < rounds + 1; round++) {
        model.fit(data, FitOptions.epochs(1).batchSize(BATCH).verbose(0).callbacks(timer));
        long t0 = System.nanoTime();
        CoreBench.shuffle(order, shuffle);
        for (int b = 0; b < batches; b++)
          loop.step(
              x, MAXLEN, y, java.util.Arrays.copyOfRange(order, b * BATCH, b * BATCH + BATCH));
        double secs = (System.nanoTime() - t0) / 1e9;
        if (round > 0) { // round 0 warms both up
          mine.add(n / timer.seconds.get(timer.seconds.size() - 1));
          theirs.add(n / secs);
        }
      }
      CoreBench.report("Transformer classifier, batch 32", mine, theirs, "samples/s");
      tfweave = CoreBench.median(mine);
      hand = CoreBench.median(theirs);
    }
    Double keras = keras(x, y, n, rounds);
    if (keras == null) return;
    System.out.printf(
        Locale.ROOT,
        "%-46s tfweave %10.1f samples/s | Keras fit  %10.1f samples/s | ratio %.3f%n",
        "Transformer classifier vs Keras 3 (TF 2.16)",
        tfweave,
        keras,
        tfweave / keras);
    System.out.printf(
        Locale.ROOT,
        "summary: tfweave/hand %.3f (target >= 0.95), tfweave/Keras %.3f " + "(target >= 1.5)%n",
        tfweave / hand,
        tfweave / keras);
  }

  /** Keras's median samples/s on the same arrays, or null (with a note) when Python TensorFlow is not importable. */
  static Double keras(int[] x, float[] y, int n, int rounds)
      throws IOException, InterruptedException {
    String python = System.getenv().getOrDefault("TFWEAVE_PYTHON", "python3");
    Path script = Path.of("tools/keras_transformer_bench.py");
    Path dir = Files.createTempDirectory("transformer-bench");
    ByteBuffer bx = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : x) bx.putInt(v);
    Files.write(dir.resolve("x.bin"), bx.array());
    ByteBuffer by = ByteBuffer.allocate(y.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : y) by.putFloat(v);
    Files.write(dir.resolve("y.bin"), by.array());
    ProcessBuilder pb = new ProcessBuilder(
            python,
            script.toString(),
            dir.toString(),
            Integer.toString(n),
            Integer.toString(rounds))
        .redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    for (String f : new String[] {"x.bin", "y.bin"}) Files.deleteIfExists(dir.resolve(f));
    Files.deleteIfExists(dir);
    if (code != 0 || !out.contains("keras_samples_per_s")) {
      System.out.println("Keras column skipped (" + python + " " + script + " exited " + code
          + "; set TFWEAVE_PYTHON to a python with tensorflow 2.16):\n" + out.strip());
      return null;
    }
    String line =
        out.lines().filter(l -> l.startsWith("keras_samples_per_s")).findFirst().orElseThrow();
    System.out.println(out.lines()
        .filter(l -> l.startsWith("keras "))
        .reduce("", (a, b) -> a + b + "\n")
        .strip());
    return Double.parseDouble(line.split("\\s+")[1]);
  }
}
