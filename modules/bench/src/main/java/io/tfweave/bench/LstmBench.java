package io.tfweave.bench;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.Layer;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.Recurrent;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;

/**
 * LSTM training speed. Part 1: LSTM(16) on sequences of 25 steps × 5 features, batch 32, Adam, MSE: {@code fit} with the fused
 * {@code BlockLSTMV2} op, {@code fit} with the unrolled graph, and a hand-written TensorFlow Java loop of the fused graph
 * ({@link LstmHandLoop}), interleaved epoch by epoch; medians of samples/s and the ratios. Part 2: LSTM(32) on 500-step
 * sequences: graph build time (model, training graph, first step) and samples/s, fused vs unrolled (with Grappler on and
 * off; XLA, when asked for, applies to the fused model only: compiling the 500-step unrolled graph did not finish in 10 min).
 *
 * <p>{@code tools/run io.tfweave.bench.LstmBench [rounds] [all|short|long] [xla]}; with {@code xla}, the sessions also ask
 * for XLA JIT ({@code global_jit_level ON_1}; on CPU set {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit} before the JVM starts).
 */
public final class LstmBench {
  static final int BATCH = 32;

  private LstmBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    String parts = args.length > 1 ? args[1] : "all";
    boolean xla = args.length > 2 && args[2].equals("xla");
    System.out.println("LSTM benchmark, " + Runtime.getRuntime().availableProcessors()
        + " cores, xla=" + xla + ", TF_XLA_FLAGS=" + System.getenv("TF_XLA_FLAGS"));
    UnaryOperator<ConfigProto> session = xla ? LstmBench::xla : UnaryOperator.identity();
    if (!parts.equals("long")) shortSequences(rounds, session);
    if (!parts.equals("short")) longSequences(session);
  }

  static ConfigProto xla(ConfigProto c) {
    return c.toBuilder()
        .setGraphOptions(c.getGraphOptions().toBuilder()
            .setOptimizerOptions(OptimizerOptions.newBuilder()
                .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1)))
        .build();
  }

  /** Random sequences [n, steps, features] whose target is a smooth function of the last steps. */
  static Dataset data(int n, int steps, int features, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * steps * features];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int t = steps - 3; t < steps; t++) s += x[(i * steps + t) * features];
      y[i] = (float) Math.tanh(s);
    }
    return Dataset.ofArrays(
        List.of(HostArray.ofFloats(x, n, steps, features)), HostArray.ofFloats(y, n, 1));
  }

  static Model model(int steps, int features, Layer lstm, UnaryOperator<ConfigProto> session) {
    Model m = Sequential.named("lstm_bench")
        .input(steps, features)
        .add(lstm)
        .add(new Dense(1))
        .seed(1)
        .build();
    m.sessionConfig(session);
    m.compile(Optimizers.adam(1e-3), Losses.meanSquaredError());
    return m;
  }

  static double epochSeconds(Model m, Dataset d) {
    long t = System.nanoTime();
    m.fit(d, FitOptions.epochs(1).batchSize(BATCH).verbose(0));
    return (System.nanoTime() - t) / 1e9;
  }

  static void shortSequences(int rounds, UnaryOperator<ConfigProto> session) {
    int n = 2048;
    Dataset d = data(n, 25, 5, 1);
    System.out.printf(
        Locale.ROOT,
        "%nPart 1: LSTM(16), %d sequences of 25x5, batch %d, %d interleaved rounds%n",
        n,
        BATCH,
        rounds);
    Map<String, Supplier<Double>> variants = new LinkedHashMap<>();
    Model fused = model(25, 5, new LSTM(16), session);
    Model unrolled = model(25, 5, new LSTM(16).unroll(true), session);
    fused.fit(d, FitOptions.epochs(1).batchSize(BATCH).verbose(0));
    unrolled.fit(d, FitOptions.epochs(1).batchSize(BATCH).verbose(0));
    try (LstmHandLoop hand =
        new LstmHandLoop(d, 25, 5, 16, BATCH, session.apply(LstmHandLoop.defaultConfig()))) {
      hand.epoch();
      variants.put("fit, fused BlockLSTMV2", () -> epochSeconds(fused, d));
      variants.put("hand-written loop, fused", hand::epoch);
      variants.put("fit, unrolled graph", () -> epochSeconds(unrolled, d));
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, Supplier<Double>> v : variants.entrySet()) {
          rates
              .computeIfAbsent(v.getKey(), k -> new ArrayList<>())
              .add(n / v.getValue().get());
        }
      }
      Map<String, Double> med = new LinkedHashMap<>();
      rates.forEach((k, v) -> med.put(k, median(v)));
      med.forEach((k, v) -> System.out.printf(
          Locale.ROOT,
          "  %-28s %9.0f samples/s (median; all: %s)%n",
          k,
          v,
          rates.get(k).stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList()));
      System.out.printf(
          Locale.ROOT,
          "  fit / hand-written loop (fused): %.3f%n",
          med.get("fit, fused BlockLSTMV2") / med.get("hand-written loop, fused"));
      System.out.printf(
          Locale.ROOT,
          "  fused / unrolled (fit):          %.2fx%n",
          med.get("fit, fused BlockLSTMV2") / med.get("fit, unrolled graph"));
    } finally {
      fused.close();
      unrolled.close();
    }
  }

  static void longSequences(UnaryOperator<ConfigProto> session) {
    int n = 256;
    Dataset d = data(n, 500, 8, 2);
    System.out.printf(
        Locale.ROOT, "%nPart 2: LSTM(32), %d sequences of 500x8, batch %d%n", n, BATCH);
    Map<String, Supplier<Model>> variants = new LinkedHashMap<>();
    variants.put("fused BlockLSTMV2", () -> model(500, 8, new LSTM(32), session));
    variants.put(
        "unrolled, Grappler on",
        () -> model(500, 8, new LSTM(32).unroll(true), UnaryOperator.identity()));
    variants.put(
        "unrolled, Grappler off",
        () -> model(500, 8, new LSTM(32).unroll(true), Recurrent::withoutGrappler));
    for (Map.Entry<String, Supplier<Model>> v : variants.entrySet()) {
      long t0 = System.nanoTime();
      try (Model m = v.getValue().get()) {
        m.fit(d.take(BATCH), FitOptions.epochs(1).batchSize(BATCH).verbose(0));
        double build = (System.nanoTime() - t0) / 1e9;
        List<Double> rates = new ArrayList<>();
        for (int e = 0; e < 3; e++) rates.add(n / epochSeconds(m, d));
        System.out.printf(
            Locale.ROOT,
            "  %-24s build + first step %6.2f s, %7.0f samples/s (median of 3 epochs)%n",
            v.getKey(),
            build,
            median(rates));
      }
    }
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Double::compare);
    int k = s.size();
    return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
  }
}
