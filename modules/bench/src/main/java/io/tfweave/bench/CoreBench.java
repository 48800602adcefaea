package io.tfweave.bench;

import static io.tfweave.activations.Activation.SIGMOID;

import io.tfweave.data.Dataset;
import io.tfweave.data.Synthetic;
import io.tfweave.examples.imdb.ImdbModels;
import io.tfweave.examples.imdb.SyntheticReviews;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Benchmark of {@code fit} against hand-written TensorFlow Java {@code Session.run} loops of the same graphs, interleaved
 * round by round; prints samples/s medians and the ratio. Cases: the IMDB textbook model (20,000 synthetic reviews of 500
 * tokens, batch 32, RMSprop) and a 2-20-20-1 sigmoid MLP on 194 two-spiral points (full batch, Adam).
 *
 * <p>{@code tools/bench core [rounds]}
 */
public final class CoreBench {
  private CoreBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println("tfweave fit vs hand-written TF Java loop ("
        + Runtime.getRuntime().availableProcessors() + " cores)");
    imdb(rounds);
    mlp(rounds);
  }

  /** Times one epoch of fit via a callback (excludes graph building and data upload, which happen once). */
  static final class EpochTimer implements Callback {
    long start;
    final List<Double> seconds = new ArrayList<>();

    @Override
    public void onEpochBegin(int epoch) {
      start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      seconds.add((System.nanoTime() - start) / 1e9);
    }
  }

  static void imdb(int rounds) {
    int n = 20000;
    int maxlen = 500;
    int vocab = 10000;
    int bs = 32;
    Dataset data = SyntheticReviews.generate(n, maxlen, vocab, 1);
    int[] x = data.inputs().get(0).ints();
    float[] y = data.targets().floats();
    try (Model model = ImdbModels.build("textbook", vocab, maxlen, 1);
        HandLoop h = new HandLoop()) {
      model.compile(Optimizers.rmsprop(0.001), Losses.binaryCrossentropy());
      List<FloatNdArray> w = model.getWeights();
      var xs = h.tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, maxlen)));
      var ys = h.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
      var emb = h.variable(flat(w.get(0)), vocab, 32);
      var k1 = h.variable(flat(w.get(1)), (long) maxlen * 32, 32);
      var b1 = h.variable(flat(w.get(2)), 32);
      var k2 = h.variable(flat(w.get(3)), 32, 1);
      var b2 = h.variable(flat(w.get(4)), 1);
      Operand<TFloat32> e = h.tf.reshape(
          h.tf.gather(emb, xs, h.tf.constant(0)), h.tf.constant(new long[] {-1, maxlen * 32L}));
      Operand<TFloat32> hid = h.tf.nn.relu(h.tf.nn.biasAdd(h.tf.linalg.matMul(e, k1), b1));
      Operand<TFloat32> z = h.tf.nn.biasAdd(h.tf.linalg.matMul(hid, k2), b2);
      Operand<TFloat32> loss = h.bce(z, ys);
      Op train = h.train(loss, false, 0.001f);
      int steps = (n + bs - 1) / bs;
      Random shuffle = new Random(3);
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      EpochTimer timer = new EpochTimer();
      List<Double> mine = new ArrayList<>();
      List<Double> hand = new ArrayList<>();
      for (int r = 0; r < rounds + 1; r++) {
        model.fit(data, FitOptions.epochs(1).batchSize(bs).verbose(0).callbacks(timer));
        long t0 = System.nanoTime();
        shuffle(order, shuffle);
        float last = 0;
        for (int s = 0; s < steps; s++) {
          int from = s * bs;
          int to = Math.min(n, from + bs);
          int[] bx = new int[(to - from) * maxlen];
          float[] by = new float[to - from];
          for (int k = from; k < to; k++) {
            System.arraycopy(x, order[k] * maxlen, bx, (k - from) * maxlen, maxlen);
            by[k - from] = y[order[k]];
          }
          try (TInt32 tx =
                  TInt32.tensorOf(Shape.of(to - from, maxlen), DataBuffers.of(bx, true, false));
              TFloat32 ty =
                  TFloat32.tensorOf(Shape.of(to - from, 1), DataBuffers.of(by, true, false))) {
            if (s == steps - 1) {
              try (var res = h.session
                  .runner()
                  .feed(xs, tx)
                  .feed(ys, ty)
                  .addTarget(train)
                  .fetch(loss)
                  .run()) {
                last = ((TFloat32) res.get(0)).getFloat();
              }
            } else {
              h.session
                  .runner()
                  .feed(xs, tx)
                  .feed(ys, ty)
                  .addTarget(train)
                  .run()
                  .close();
            }
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (r > 0) { // round 0 warms up both
          mine.add(n / timer.seconds.get(timer.seconds.size() - 1));
          hand.add(n / secs);
        }
        if (last != last) throw new IllegalStateException("hand loop diverged");
      }
      report("IMDB 500x32 emb, batch 32", mine, hand, "samples/s");
    }
  }

  static void mlp(int rounds) {
    Dataset data = Synthetic.twoSpirals();
    int n = data.size();
    float[] x = data.inputs().get(0).floats();
    float[] y = data.targets().asFloat().floats();
    int epochsPerRound = 2000;
    try (Model model = Sequential.named("mlp")
            .input(2)
            .add(
                new Dense(20).activation(SIGMOID),
                new Dense(20).activation(SIGMOID),
                new Dense(1).activation(SIGMOID))
            .seed(1)
            .build();
        HandLoop h = new HandLoop()) {
      model.compile(Optimizers.adam(0.01), Losses.binaryCrossentropy());
      List<FloatNdArray> w = model.getWeights();
      var xs = h.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
      var ys = h.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
      var k1 = h.variable(flat(w.get(0)), 2, 20);
      var b1 = h.variable(flat(w.get(1)), 20);
      var k2 = h.variable(flat(w.get(2)), 20, 20);
      var b2 = h.variable(flat(w.get(3)), 20);
      var k3 = h.variable(flat(w.get(4)), 20, 1);
      var b3 = h.variable(flat(w.get(5)), 1);
      var a1 = h.tf.math.sigmoid(h.tf.nn.biasAdd(h.tf.linalg.matMul(xs, k1), b1));
      var a2 = h.tf.math.sigmoid(h.tf.nn.biasAdd(h.tf.linalg.matMul(a1, k2), b2));
      Operand<TFloat32> z = h.tf.nn.biasAdd(h.tf.linalg.matMul(a2, k3), b3);
      Operand<TFloat32> loss = h.bce(z, ys);
      Op train = h.train(loss, true, 0.01f);
      List<Double> mine = new ArrayList<>();
      List<Double> hand = new ArrayList<>();
      try (TFloat32 tx = TFloat32.tensorOf(Shape.of(n, 2), DataBuffers.of(x, true, false));
          TFloat32 ty = TFloat32.tensorOf(Shape.of(n, 1), DataBuffers.of(y, true, false))) {
        for (int r = 0; r < rounds + 1; r++) {
          long t0 = System.nanoTime();
          model.fit(
              data,
              FitOptions.epochs(epochsPerRound).batchSize(n).shuffle(false).verbose(0));
          double a = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          float last = 0;
          for (int s = 0; s < epochsPerRound; s++) {
            try (var res = h.session
                .runner()
                .feed(xs, tx)
                .feed(ys, ty)
                .addTarget(train)
                .fetch(loss)
                .run()) {
              last = ((TFloat32) res.get(0)).getFloat();
            }
          }
          double b = (System.nanoTime() - t0) / 1e9;
          if (r > 0) {
            mine.add(epochsPerRound / a);
            hand.add(epochsPerRound / b);
          }
          if (last != last) throw new IllegalStateException("hand loop diverged");
        }
      }
      report("MLP 2-20-20-1 sigmoid, 194 points full batch", mine, hand, "steps/s");
    }
  }

  static void report(String name, List<Double> mine, List<Double> hand, String unit) {
    double a = median(mine);
    double b = median(hand);
    System.out.printf(
        Locale.ROOT,
        "%-46s tfweave %10.1f %s | hand-written %10.1f %s | ratio %.3f%n",
        name,
        a,
        unit,
        b,
        unit,
        a / b);
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(d -> d).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static float[] flat(FloatNdArray a) {
    float[] f = new float[(int) a.shape().size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return f;
  }
}
