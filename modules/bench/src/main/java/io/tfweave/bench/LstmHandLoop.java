package io.tfweave.bench;

import io.tfweave.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.BlockLSTM;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The hand-written TensorFlow Java baseline of {@link LstmBench}: the same graph as tfweave's fused LSTM(units) → Dense(1)
 * (transpose, {@code BlockLSTMV2}, last step, matmul, MSE, {@code tf.gradients}, {@code ApplyAdam}) fed batch by batch from
 * Java arrays through placeholders. The {@code BlockLSTMV2} gradient is the one tfweave registers, so build a tfweave LSTM
 * model first.
 */
final class LstmHandLoop implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TFloat32> y;
  private final Op train;
  private final float[] xs;
  private final float[] ys;
  private final int n;
  private final int sample;
  private final int batch;
  private final Random shuffler = new Random(3);

  static ConfigProto defaultConfig() {
    int cores = Runtime.getRuntime().availableProcessors();
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(cores)
        .setInterOpParallelismThreads(2)
        .build();
  }

  LstmHandLoop(Dataset d, int steps, int features, int units, int batch, ConfigProto config) {
    this.xs = d.inputs().get(0).floats();
    this.ys = d.targets().floats();
    this.n = d.size();
    this.sample = steps * features;
    this.batch = batch;
    Ops tf = Ops.create(graph);
    Random r = new Random(7);
    Variable<TFloat32> kernel = tf.variable(tf.constant(
        Shape.of(features, 4L * units),
        DataBuffers.of(random(features * 4 * units, r, Math.sqrt(6.0 / (features + 4 * units))))));
    Variable<TFloat32> recurrent = tf.variable(tf.constant(
        Shape.of(units, 4L * units),
        DataBuffers.of(random(units * 4 * units, r, 1.0 / Math.sqrt(units)))));
    Variable<TFloat32> bias =
        tf.variable(tf.zeros(tf.constant(new int[] {4 * units}), TFloat32.class));
    Variable<TFloat32> dense =
        tf.variable(tf.constant(Shape.of(units, 1), DataBuffers.of(random(units, r, 0.3))));
    Variable<TFloat32> denseBias =
        tf.variable(tf.zeros(tf.constant(new int[] {1}), TFloat32.class));
    x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, steps, features)));
    y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));

    Operand<TFloat32> timeMajor = tf.linalg.transpose(x, tf.constant(new int[] {1, 0, 2}));
    Operand<TFloat32> w = tf.concat(List.of(kernel, recurrent), tf.constant(0));
    Operand<TFloat32> state = tf.fill(tf.constant(new int[] {batch, units}), tf.constant(0f));
    Operand<TFloat32> peephole = tf.zeros(tf.constant(new int[] {units}), TFloat32.class);
    BlockLSTM<TFloat32> lstm = BlockLSTM.create(
        tf.scope(),
        tf.constant((long) steps),
        timeMajor,
        state,
        state,
        w,
        peephole,
        peephole,
        peephole,
        bias,
        BlockLSTM.cellClip(-1f),
        BlockLSTM.usePeephole(false));
    Operand<TFloat32> last = tf.gather(lstm.h(), tf.constant(steps - 1), tf.constant(0));
    Operand<TFloat32> pred = tf.nn.biasAdd(tf.linalg.matMul(last, dense), denseBias);
    Operand<TFloat32> loss =
        tf.math.mean(tf.math.square(tf.math.sub(pred, y)), tf.constant(new int[] {0, 1}));

    List<Variable<TFloat32>> vars = List.of(kernel, recurrent, bias, dense, denseBias);
    Gradients grads = tf.gradients(loss, vars);
    Variable<TFloat32> beta1Power = tf.variable(tf.constant(0.9f));
    Variable<TFloat32> beta2Power = tf.variable(tf.constant(0.999f));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      updates.add(tf.train.applyAdam(
          v,
          tf.variable(tf.zerosLike(v)),
          tf.variable(tf.zerosLike(v)),
          beta1Power,
          beta2Power,
          tf.constant(1e-3f),
          tf.constant(0.9f),
          tf.constant(0.999f),
          tf.constant(1e-7f),
          grads.dy(i).expect(TFloat32.class)));
    }
    Ops after = tf.withControlDependencies(updates);
    List<Op> powers = List.of(
        after.assign(beta1Power, after.math.mul(beta1Power, after.constant(0.9f))),
        after.assign(beta2Power, after.math.mul(beta2Power, after.constant(0.999f))));
    train = tf.withControlDependencies(powers).noOp();
    session = new Session(graph, config);
  }

  private static float[] random(int size, Random r, double limit) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
    return a;
  }

  /** One shuffled epoch of full batches; returns its wall time in seconds. */
  double epoch() {
    long t0 = System.nanoTime();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = shuffler.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    float[] xb = new float[batch * sample];
    float[] yb = new float[batch];
    for (int from = 0; from + batch <= n; from += batch) {
      for (int k = 0; k < batch; k++) {
        System.arraycopy(xs, order[from + k] * sample, xb, k * sample, sample);
        yb[k] = ys[order[from + k]];
      }
      try (TFloat32 xt = TFloat32.tensorOf(
              Shape.of(batch, sample / x.shape().get(2), x.shape().get(2)),
              DataBuffers.of(xb, true, false));
          TFloat32 yt = TFloat32.tensorOf(Shape.of(batch, 1), DataBuffers.of(yb, true, false))) {
        session.runner().feed(x, xt).feed(y, yt).addTarget(train).run().close();
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
