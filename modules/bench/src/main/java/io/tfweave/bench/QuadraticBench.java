package io.tfweave.bench;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Padding;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.quadratic.QuadraticConv2D;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.models.Model;
import io.tfweave.models.ModelGraphAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AllocatorMemoryUsed;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.NodeOutput;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Training-step cost of the second-order layers: {@link QuadraticDense} and {@link QuadraticConv2D} against a first-order
 * layer of the same shape (expected about 3x the FLOPs: three products instead of one), and the fused op with the
 * closed-form gradient against TensorFlow's autodiff of the composed form ({@code fused(false)}).
 *
 * <p>Each variant is one layer in a model; a step is forward (training mode), {@code Σ y∘R / n}, gradients of every weight
 * and of the input (as for a layer inside a network) and a plain gradient-descent update, on fixed random inputs fed as a
 * tensor. Variants are timed in interleaved rounds and the
 * median milliseconds per step is reported. Memory: one traced step (FULL_TRACE step stats) gives the bytes of all tensors
 * produced in the step (outputs plus kernels' temporary memory) and the largest allocator "bytes in use" seen at any node.
 *
 * <pre>
 * tools/run io.tfweave.bench.QuadraticBench --rounds 5 --steps 20
 * </pre>
 */
public final class QuadraticBench {
  private QuadraticBench() {}

  /** One layer variant to time. */
  private record Variant(String name, Supplier<Layer> layer) {}

  public static void main(String[] argv) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2)
      a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "20"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "256"));
    int width = Integer.parseInt(a.getOrDefault("width", "512"));
    System.out.printf(
        Locale.ROOT,
        "QuadraticBench: %d cores, %d rounds x %d steps, median ms per training step%n",
        Runtime.getRuntime().availableProcessors(),
        rounds,
        steps);
    run(
        "Dense " + batch + "x" + width + " -> " + width,
        new long[] {batch, width},
        rounds,
        steps,
        List.of(
            new Variant("Dense (first-order)", () -> new Dense(width)),
            new Variant("QuadraticDense fused", () -> new QuadraticDense(width)),
            new Variant("QuadraticDense autodiff", () -> new QuadraticDense(width).fused(false))));
    run(
        "Dense 64x2 -> 20 (spirals-size layer)",
        new long[] {64, 2},
        rounds,
        steps * 5,
        List.of(
            new Variant("Dense (first-order)", () -> new Dense(20)),
            new Variant("QuadraticDense fused", () -> new QuadraticDense(20)),
            new Variant("QuadraticDense autodiff", () -> new QuadraticDense(20).fused(false))));
    int img = Integer.parseInt(a.getOrDefault("image", "32"));
    run(
        "Conv2D 3x3 same, " + 32 + "x" + img + "x" + img + "x16 -> 32 filters",
        new long[] {32, img, img, 16},
        rounds,
        steps,
        List.of(
            new Variant("Conv2D (first-order)", () -> new Conv2D(32, 3).padding(Padding.SAME)),
            new Variant(
                "QuadraticConv2D fused", () -> new QuadraticConv2D(32, 3).padding(Padding.SAME)),
            new Variant(
                "QuadraticConv2D autodiff",
                () -> new QuadraticConv2D(32, 3).padding(Padding.SAME).fused(false))));
  }

  private static void run(
      String title, long[] inShape, int rounds, int steps, List<Variant> variants) {
    System.out.println();
    System.out.println(title);
    List<Step> built = new ArrayList<>();
    for (Variant v : variants) built.add(new Step(v.layer().get(), inShape));
    try {
      double[][] times = new double[variants.size()][rounds];
      for (Step s : built) s.time(3); // warm-up
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < built.size(); k++) times[k][r] = built.get(k).time(steps);
      }
      double base = median(times[0]);
      double fusedTime = 0;
      long baseBytes = 0;
      System.out.println(
          "  variant                       ms/step   x first-order   step tensor MB  x first-order  peak MB");
      for (int k = 0; k < built.size(); k++) {
        double t = median(times[k]);
        long[] mem = built.get(k).memory();
        if (k == 0) baseBytes = mem[0];
        if (k == 1) fusedTime = t;
        System.out.printf(
            Locale.ROOT,
            "  %-28s %8.3f   %13.2f   %14.2f  %13.2f  %7.2f%n",
            variants.get(k).name(),
            t,
            t / base,
            mem[0] / 1e6,
            mem[0] / (double) baseBytes,
            mem[1] / 1e6);
      }
      System.out.printf(
          Locale.ROOT, "  fused / autodiff time: %.2f%n", fusedTime / median(times[2]));
    } finally {
      built.forEach(Step::close);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** A one-layer model plus a hand-built training step (gradient descent on every weight). */
  private static final class Step implements AutoCloseable {
    private final Model model;
    private final Session session;
    private final Placeholder<TFloat32> x;
    private final TFloat32 input;
    private final Op train;

    Step(Layer layer, long[] inShape) {
      SymbolicTensor in = Input.of(Arrays.copyOfRange(inShape, 1, inShape.length));
      model = Model.of(in, layer.apply(in)).seed(1);
      ModelGraphAccess ga = model.graphAccess();
      session = ga.session();
      Ops tf = ga.tf().withSubScope("bench");
      x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(inShape)));
      Random r = new Random(3);
      float[] v = new float[(int) Shape.of(inShape).size()];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() * 0.5f;
      input = TFloat32.tensorOf(Shape.of(inShape), DataBuffers.of(v, true, false));
      try (CallContext ctx = ga.context(tf, CallMode.TRAINING)) {
        Operand<TFloat32> y =
            ga.forward(tf, List.of(x), CallMode.TRAINING).get(0).asOutput().expect(TFloat32.class);
        Operand<TFloat32> proj = tf.math.mul(
            y,
            tf.stopGradient(tf.random.statelessRandomNormal(
                tf.shape(y), tf.constant(new long[] {1, 2}), TFloat32.class)));
        Operand<TFloat32> loss = tf.math.div(
            tf.sum(proj, tf.range(tf.constant(0), tf.rank(proj), tf.constant(1))),
            tf.constant((float) inShape[0]));
        List<Weight> ws = model.trainableWeights();
        List<Operand<TFloat32>> vars = new ArrayList<>();
        for (Weight w : ws) vars.add(ga.variable(w));
        vars.add(x);
        Gradients g = tf.gradients(loss, vars);
        List<Op> updates = new ArrayList<>();
        // The input gradient too, as for a layer inside a network; written to a variable so that no
        // optimizer prunes it.
        Operand<TFloat32> dx = g.dy(ws.size()).expect(TFloat32.class);
        Operand<TFloat32> sink = tf.withName("dx_sink").variable(Shape.scalar(), TFloat32.class);
        updates.add(
            tf.assign(sink, tf.sum(dx, tf.range(tf.constant(0), tf.rank(dx), tf.constant(1)))));
        for (int i = 0; i < ws.size(); i++) {
          updates.add(tf.train.applyGradientDescent(
              ga.variable(ws.get(i)), tf.constant(1e-4f), g.dy(i).expect(TFloat32.class)));
        }
        train = tf.withControlDependencies(updates).noOp();
      }
    }

    /** Milliseconds per step over {@code n} steps. */
    double time(int n) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++)
        session.runner().feed(x, input).addTarget(train).run().close();
      return (System.nanoTime() - t0) / 1e6 / n;
    }

    /** {bytes of tensors produced in one step, largest allocator bytes-in-use seen}, from a traced step. */
    long[] memory() {
      RunOptions opts = RunOptions.newBuilder()
          .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
          .build();
      try (Result r =
          session.runner().feed(x, input).addTarget(train).setOptions(opts).runAndFetchMetadata()) {
        RunMetadata md = r.getMetadata().orElseThrow();
        long bytes = 0;
        long peak = 0;
        for (var dev : md.getStepStats().getDevStatsList()) {
          for (NodeExecStats n : dev.getNodeStatsList()) {
            for (NodeOutput o : n.getOutputList()) {
              bytes += o.getTensorDescription().getAllocationDescription().getRequestedBytes();
            }
            bytes += n.getMemoryStats().getTempMemorySize();
            for (AllocatorMemoryUsed m : n.getMemoryList())
              peak = Math.max(peak, m.getAllocatorBytesInUse());
          }
        }
        return new long[] {bytes, peak};
      }
    }

    @Override
    public void close() {
      input.close();
      model.close();
    }
  }
}
