package io.tfweave.optimizers;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Evaluates a schedule's graph ops at several steps. */
final class ScheduleEval {
  private ScheduleEval() {}

  static double[] eval(LearningRateSchedule s, double[] steps) {
    try (Graph g = new Graph();
        Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      double[] out = new double[steps.length];
      Session.Runner r = session.runner();
      for (double step : steps) {
        Operand<TFloat32> v = s.value(tf, tf.constant((float) step));
        r.fetch(v);
      }
      try (Result res = r.run()) {
        for (int i = 0; i < steps.length; i++) out[i] = ((TFloat32) res.get(i)).getFloat();
      }
      return out;
    }
  }
}
