package io.tfweave.mixedprecision;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Keras's dynamic loss scale: halves and skips the step on non-finite gradients, doubles after N finite steps. */
class LossScaleTest {
  /** w ← w − 0.1 · d(w·x)/dw = w − 0.1 x, through a loss scale with growth every 3 steps and initial scale 8. */
  static final class Rig implements AutoCloseable {
    final Graph g = new Graph();
    final Session s = new Session(g);
    final Placeholder<TFloat32> x;
    final Variable<TFloat32> w;
    final LossScale.Step step;
    final Op train;

    Rig(LossScale scale) {
      Ops tf = Ops.create(g);
      x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      w = tf.withName("w").variable(tf.constant(1f));
      Operand<TFloat32> loss = tf.math.mul(w, x);
      step = scale.build(tf, loss);
      var dy = tf.gradients(step.scaledLoss(), List.of(w)).dy(0).expect(TFloat32.class);
      List<Operand<TFloat32>> grads = step.unscale(List.of(dy));
      Op update = tf.train.applyGradientDescent(w, tf.constant(0.1f), grads.get(0));
      train = step.finish(update);
    }

    /** Runs one step with input {@code v}; returns {w, scale, goodSteps}. */
    double[] run(float v) {
      try (TFloat32 t = TFloat32.scalarOf(v)) {
        s.runner().feed(x, t).addTarget(train).run();
      }
      try (var r =
          s.runner().fetch(w).fetch(step.scale()).fetch(step.goodSteps()).run()) {
        return new double[] {
          ((TFloat32) r.get(0)).getFloat(),
          ((TFloat32) r.get(1)).getFloat(),
          ((TInt64) r.get(2)).getLong()
        };
      }
    }

    @Override
    public void close() {
      s.close();
      g.close();
    }
  }

  @Test
  void halvesAndSkipsOnNonFiniteGradientsAndGrowsAfterGoodSteps() {
    try (Rig r = new Rig(LossScale.dynamic(8, 3))) {
      assertArrayEquals(new double[] {0.9, 8, 1}, r.run(1f), 1e-6); // unscaled gradient 1: w − 0.1
      assertArrayEquals(new double[] {0.8, 8, 2}, r.run(1f), 1e-6);
      assertArrayEquals(
          new double[] {0.7, 16, 0}, r.run(1f), 1e-6); // third good step: scale doubles
      // x = inf: the gradient is inf; the update is skipped (w stays), the scale halves, the count
      // resets.
      assertArrayEquals(new double[] {0.7, 8, 0}, r.run(Float.POSITIVE_INFINITY), 1e-6);
      assertArrayEquals(new double[] {0.7, 4, 0}, r.run(Float.NaN), 1e-6);
      // A gradient finite before scaling but not after (3e38 · 4 overflows float32) is also
      // skipped.
      assertArrayEquals(new double[] {0.7, 2, 0}, r.run(3e38f), 1e-6);
      assertArrayEquals(
          new double[] {0.5, 2, 1}, r.run(2f), 1e-6); // the scale does not change the update
    }
  }

  @Test
  void kerasDefaults() {
    LossScale d = LossScale.dynamic();
    assertEquals(32768, d.initialScale());
    assertEquals(2000, d.dynamicGrowthSteps());
    try (Rig r = new Rig(d)) {
      double[] s = r.run(0.5f);
      assertEquals(32768, s[1]);
      assertEquals(0.95, s[0], 1e-6);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> LossScale.dynamic(0, 10));
    assertTrue(e.getMessage().contains("Received: initialScale=0.0"));
    e = assertThrows(IllegalArgumentException.class, () -> LossScale.dynamic(2, 0));
    assertTrue(e.getMessage().contains("dynamicGrowthSteps=0"));
  }
}
