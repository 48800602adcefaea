package io.tfweave.examples.quadratic;

import static io.tfweave.activations.Activation.SIGMOID;
import static io.tfweave.activations.Activation.TANH;

import io.tfweave.activations.Activation;
import io.tfweave.examples.quadratic.PointSets.Points;
import io.tfweave.examples.quadratic.ReplicaTrainer.Net;
import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.preprocessing.Normalization;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.TrainingControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The same training through the library's ordinary path: a {@code Sequential} of {@code QuadraticDense}/{@code Dense}
 * sigmoid/tanh layers (after a {@code Normalization} layer holding the set's mean and variance when the recipe normalises), the replica's initial
 * weights set with {@code setWeights}, {@code compile} with the recipe's optimizer and {@code fit} full batch. Returns the
 * first epoch whose logged training accuracy is 100 % (the weights after that many updates), or -1.
 */
final class ReplicaCheck {
  private ReplicaCheck() {}

  static int fit(Net net, Recipe recipe, Points set, long seed, int max) {
    if (recipe.quadLr() != 1)
      throw new IllegalArgumentException("Model.fit has one rate for all weights");
    try (Model m = model(net, recipe, set, seed)) {
      m.compile(recipe.optimizer(recipe.lr()), Losses.binaryCrossentropy(), Metrics.accuracy());
      int[] first = {-1};
      Callback stop = new Callback() {
        private TrainingControl control;

        @Override
        public void onTrainBegin(TrainingControl c) {
          control = c;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          if (first[0] < 0 && logs.getOrDefault("accuracy", 0.0) >= 1.0) {
            first[0] = epoch;
            control.requestStop();
          }
        }
      };
      m.fit(
          set.dataset(),
          FitOptions.epochs(max + 1)
              .batchSize(set.n())
              .shuffle(false)
              .verbose(0)
              .callbacks(stop));
      return first[0];
    }
  }

  /** The library model of {@code net} with the replica's initial weights. */
  static Model model(Net net, Recipe recipe, Points set, long seed) {
    Sequential s = Sequential.named("check").input(2);
    if (recipe.normalize()) {
      float[] st = PointSets.statistics(set.x()); // what adapt() computes, as float32 constants
      s.add(new Normalization().mean(st[0], st[1]).variance(st[2], st[3]));
    }
    for (int l = 1; l < net.units().length; l++) {
      int u = net.units()[l];
      Activation act =
          l == net.units().length - 1 || net.hidden().equals("sigmoid") ? SIGMOID : TANH;
      s.add(
          net.second()
              ? new QuadraticDense(u).activation(act).initialization(QuadraticInitialization.RANDOM)
              : new Dense(u).activation(act));
    }
    Model m = s.seed(seed).build();
    List<float[]> init = ReplicaTrainer.initialWeights(net, recipe.init(), seed);
    List<FloatNdArray> values = new ArrayList<>(m.getWeights());
    List<Weight> weights = m.weights();
    int next = 0;
    for (int i = 0; i < weights.size(); i++) {
      if (weights.get(i).path().startsWith("normalization")) continue;
      float[] v = init.get(next++);
      Shape shape = weights.get(i).shape();
      values.set(i, NdArrays.wrap(shape, DataBuffers.of(v, true, false)));
    }
    m.setWeights(values);
    return m;
  }
}
