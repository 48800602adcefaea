package io.tfweave.examples.quadratic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.examples.quadratic.PointSets.Points;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replicated trainer of the grid reproduces Model.fit: the same first iteration at 100 % for each replica, up to the
 * rounding of a different but equivalent graph (the library's fused quadratic op and closed-form gradient against
 * autodiff of batched products), which can move a hit by an iteration.
 */
class ReplicaTrainerTest {
  @Test
  void replicasTrainAsModelFitDoes() {
    PointSets.Rings gen = new PointSets.Rings(1, true, false, true);
    Recipe adam = new Recipe("relinear", true, "adam", 0.03, 0, 1);
    Recipe sgd = new Recipe("random", true, "sgd", 0.1, 1, 1);
    for (Recipe r : List.of(adam, sgd)) {
      ReplicaTrainer.Net net = SecondOrderGrid.RINGS_SECOND.withHidden("tanh");
      List<Points> sets = List.of(gen.generate(1), gen.generate(3));
      int[] replicas = ReplicaTrainer.train(net, r, sets, new long[] {1, 3}, 400);
      int[] fit = {
        ReplicaCheck.fit(net, r, sets.get(0), 1, 400), ReplicaCheck.fit(net, r, sets.get(1), 3, 400)
      };
      for (int i = 0; i < 2; i++) {
        assertTrue(
            SecondOrderGrid.agree(fit[i], replicas[i]),
            r.label() + ": Model.fit " + fit[i] + ", replica " + replicas[i]);
      }
      assertTrue(
          replicas[0] > 0 || replicas[1] > 0, "at least one replica reaches 100 %: " + r.label());
    }
  }
}
