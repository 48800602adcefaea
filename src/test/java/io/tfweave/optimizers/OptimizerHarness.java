package io.tfweave.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One optimizer built on a fixed problem outside any model: weights {@code dense/kernel} [2, 2] and {@code dense/bias}
 * [3], gradients fed per step. Reads the weights, their EMA slots and runs the optimizer's extra ops.
 */
final class OptimizerHarness implements AutoCloseable {
  static final Shape[] SHAPES = {Shape.of(2, 2), Shape.of(3)};
  static final String[] PATHS = {"dense/kernel", "dense/bias"};

  private final Graph g = new Graph();
  private final Session s;
  private final List<Variable<TFloat32>> vars = new ArrayList<>();
  private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
  final Optimizer.Built built;

  OptimizerHarness(Optimizer o, double[][] initial) {
    Ops tf = Ops.create(g);
    List<Operand<TFloat32>> grads = new ArrayList<>();
    Ops dense = tf.withSubScope("dense");
    for (int i = 0; i < 2; i++) {
      String leaf = PATHS[i].substring("dense/".length());
      vars.add(dense.withName(leaf).variable(constant(tf, initial[i], SHAPES[i])));
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(SHAPES[i]));
      feeds.add(p);
      grads.add(p);
    }
    built = o.build(tf, vars, List.of(PATHS), grads);
    s = new Session(g);
  }

  private static Operand<TFloat32> constant(Ops tf, double[] v, Shape shape) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return tf.constant(shape, DataBuffers.of(f));
  }

  /** Runs one step with gradients {@code grads[var][element]}. */
  void step(double[][] grads) {
    Session.Runner r = s.runner().addTarget(built.train());
    List<TFloat32> ts = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        float[] f = new float[grads[i].length];
        for (int j = 0; j < f.length; j++) f[j] = (float) grads[i][j];
        TFloat32 t = TFloat32.tensorOf(SHAPES[i], DataBuffers.of(f));
        ts.add(t);
        r.feed(feeds.get(i), t);
      }
      r.run().close();
    } finally {
      ts.forEach(TFloat32::close);
    }
  }

  void run(Op op) {
    s.runner().addTarget(op).run().close();
  }

  /** The weights' values. */
  double[][] weights() {
    return read(vars.get(0), vars.get(1));
  }

  /** The values of the slots {@code optimizer/dense/<weight>_<slot>}. */
  double[][] slot(String slot) {
    return read(
        g.operation("optimizer/dense/kernel_" + slot).output(0),
        g.operation("optimizer/dense/bias_" + slot).output(0));
  }

  long iterations() {
    try (Result r = s.runner().fetch(built.iterations()).run()) {
      return ((org.tensorflow.types.TInt64) r.get(0)).getLong();
    }
  }

  private double[][] read(Operand<?> a, Operand<?> b) {
    try (Result r = s.runner().fetch(a).fetch(b).run()) {
      double[][] out = new double[2][];
      for (int i = 0; i < 2; i++) {
        TFloat32 t = (TFloat32) r.get(i);
        float[] f = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(f, false, false));
        out[i] = new double[f.length];
        for (int j = 0; j < f.length; j++) out[i][j] = f[j];
      }
      return out;
    }
  }

  @Override
  public void close() {
    s.close();
    g.close();
  }
}
