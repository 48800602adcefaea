package io.tfweave.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Many Java gradients in one process: with {@code TensorFlow.registerCustomGradient} the eleventh op type got a null
 * native callback and the first gradient through it killed the JVM (SIGSEGV at pc 0); through {@link CustomGradients}
 * 16 function op types chained in one graph all differentiate, each by its own Java gradient.
 */
class CustomGradientsTest {
  @Test
  void sixteenJavaGradientsInOneGraphAllRun() {
    int n = 16;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(1.5f);
      Operand<TFloat32> y = x;
      for (int i = 0; i < n; i++) {
        float factor = 1f + i / 16f;
        try (ConcreteFunction f = ConcreteFunction.create(t -> {
          var p = t.placeholder(TFloat32.class);
          return Signature.builder()
              .key("custom_gradients_test_" + factor)
              .input("x", p)
              .output("y", t.math.mul(p, t.constant(factor)))
              .build();
        })) {
          String type = f.getDefinedName();
          g.attachFunction(f);
          assertTrue(CustomGradients.register(
              type,
              (ops, op, grads) -> List.of(
                  ops.math.mul(grads.get(0).expect(TFloat32.class), ops.constant(factor)))));
          assertFalse(
              CustomGradients.register(type, (ops, op, grads) -> List.of()), "registered once");
          y = g.opBuilder(type, "call_" + i, tf.scope())
              .addInput(y.asOutput())
              .build()
              .<TFloat32>output(0);
        }
      }
      Output<?>[] dx = g.addGradients(y.asOutput(), new Output<?>[] {x.asOutput()});
      double want = 1;
      for (int i = 0; i < n; i++) want *= 1 + i / 16.0;
      try (TFloat32 got = (TFloat32) s.runner().fetch(dx[0]).run().get(0)) {
        assertEquals(want, got.getFloat(), want * 1e-5);
      }
    }
  }
}
