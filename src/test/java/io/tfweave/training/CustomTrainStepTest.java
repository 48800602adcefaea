package io.tfweave.training;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.testing.Synthetic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Custom training steps: the standard step rewritten by hand, a GAN with two optimizers, a loss on inner activations. */
class CustomTrainStepTest {
  static Model mlp() {
    return Sequential.named("mlp")
        .input(3)
        .add(new Dense(8).activation(TANH), new Dense(1))
        .seed(11)
        .build();
  }

  @Test
  void aHandWrittenStepTrainsExactlyAsTheCompiledLoss() {
    Dataset d = Synthetic.linear(64, new float[] {1, -2, 0.5f}, 0.3f, 0.1, 4);
    List<Double> compiled;
    List<float[]> compiledWeights = new ArrayList<>();
    try (Model m = mlp()) {
      m.compile(Optimizers.sgd(0.05), Losses.meanSquaredError());
      compiled = m.fit(d, FitOptions.epochs(4).batchSize(16).verbose(0)).get("loss");
      for (Weight w : m.weights()) compiledWeights.add(m.weightValue(w));
    }
    try (Model m = mlp()) {
      Optimizer sgd = Optimizers.sgd(0.05);
      m.compile(s -> {
        Operand<TFloat32> loss =
            s.add(s.loss(Losses.meanSquaredError(), s.targets(), s.output(0)), s.regularization());
        s.minimize(sgd, loss, s.trainableWeights());
        s.log("loss", loss);
      });
      History h = m.fit(d, FitOptions.epochs(4).batchSize(16).verbose(0));
      assertEquals(List.of("loss"), List.copyOf(h.asMap().keySet()));
      assertEquals(compiled.size(), h.get("loss").size());
      for (int e = 0; e < compiled.size(); e++)
        assertEquals(compiled.get(e), h.get("loss").get(e), 1e-6, "epoch " + e);
      for (int i = 0; i < compiledWeights.size(); i++)
        assertArrayEquals(compiledWeights.get(i), m.weightValue(m.weights().get(i)), 1e-6f);
      // evaluate runs the test step: the same loss, no update.
      float[] before = m.weightValue(m.weights().get(0));
      double eval = m.evaluate(d, 64).loss();
      assertArrayEquals(before, m.weightValue(m.weights().get(0)));
      assertTrue(eval < compiled.get(0), eval + " vs " + compiled);
    }
  }

  /** 2-D real points around (2, 2); noise inputs for the generator. */
  static Dataset ganData(int n) {
    Random r = new Random(3);
    float[] real = new float[n * 2];
    float[] noise = new float[n * 2];
    for (int i = 0; i < n * 2; i++) {
      real[i] = 2f + 0.5f * (float) r.nextGaussian();
      noise[i] = (float) r.nextGaussian();
    }
    return Dataset.ofArrays(
        List.of(HostArray.ofFloats(real, n, 2), HostArray.ofFloats(noise, n, 2)),
        HostArray.ofFloats(new float[n], n));
  }

  record Gan(Model model, Model generator, Model discriminator) {}

  static Gan gan() {
    Model g = Sequential.named("generator")
        .input(2)
        .add(new Dense(16).activation(RELU), new Dense(2))
        .seed(1)
        .build();
    Model d = Sequential.named("discriminator")
        .input(2)
        .add(new Dense(16).activation(RELU), new Dense(1))
        .seed(2)
        .build();
    SymbolicTensor real = Input.of(2);
    SymbolicTensor noise = Input.of(2);
    Model m =
        Model.of(List.of(real, noise), List.of(g.apply(noise), d.apply(real))).seed(3);
    return new Gan(m, g, d);
  }

  static TrainStep ganStep(Gan gan, Optimizer dOpt, Optimizer gOpt) {
    Loss bce = Losses.binaryCrossentropyFromLogits();
    return s -> {
      Operand<TFloat32> fake = s.call(gan.generator(), s.input(1));
      Operand<TFloat32> dReal = s.call(gan.discriminator(), s.input(0));
      Operand<TFloat32> dFake = s.call(gan.discriminator(), fake);
      Operand<TFloat32> dLoss =
          s.add(s.loss(bce, s.onesLike(dReal), dReal), s.loss(bce, s.zerosLike(dFake), dFake));
      Operand<TFloat32> gLoss = s.loss(bce, s.onesLike(dFake), dFake);
      s.minimize(dOpt, dLoss, s.trainableWeights(gan.discriminator()));
      if (gOpt != null) s.minimize(gOpt, gLoss, s.trainableWeights(gan.generator()));
      s.log("d_loss", dLoss);
      s.log("g_loss", gLoss);
    };
  }

  static float[] fakeMean(Gan gan, Dataset d) {
    var out = gan.model().predictAll(d, 256).get(0);
    float[] mean = new float[2];
    long n = out.shape().get(0);
    for (int i = 0; i < n; i++) for (int j = 0; j < 2; j++) mean[j] += out.getFloat(i, j) / n;
    return mean;
  }

  @Test
  void aGanMovesItsSamplesToTheDataWithTwoOptimizers() {
    Dataset d = ganData(512);
    Gan gan = gan();
    try (Model m = gan.model()) {
      m.compile(ganStep(gan, Optimizers.adam(0.002), Optimizers.adam(0.002)));
      float[] start = fakeMean(gan, d);
      List<float[]> g0 = values(m, gan.generator().trainableWeights());
      List<float[]> d0 = values(m, gan.discriminator().trainableWeights());
      History h = m.fit(d, FitOptions.epochs(40).batchSize(64).verbose(0));
      assertEquals(List.of("d_loss", "g_loss"), List.copyOf(h.asMap().keySet()));
      // At the start the discriminator cannot tell: log 2 per term.
      assertEquals(2 * Math.log(2), h.get("d_loss").get(0), 0.35);
      float[] end = fakeMean(gan, d);
      double before = Math.hypot(start[0] - 2, start[1] - 2);
      double after = Math.hypot(end[0] - 2, end[1] - 2);
      System.out.printf(
          "GAN: fake mean %s -> %s (data mean (2, 2))%n",
          Arrays.toString(start), Arrays.toString(end));
      assertTrue(
          after < 0.35 * before,
          "fake mean " + Arrays.toString(start) + " -> " + Arrays.toString(end) + ", history " + h);
      assertChanged(g0, values(m, gan.generator().trainableWeights()));
      assertChanged(d0, values(m, gan.discriminator().trainableWeights()));
    }
  }

  @Test
  void eachOptimizerTouchesOnlyItsOwnWeights() {
    Dataset d = ganData(128);
    Gan gan = gan();
    try (Model m = gan.model()) {
      m.compile(ganStep(gan, Optimizers.adam(0.01), null));
      List<float[]> g0 = values(m, gan.generator().trainableWeights());
      List<float[]> d0 = values(m, gan.discriminator().trainableWeights());
      m.fit(d, FitOptions.epochs(2).batchSize(32).verbose(0));
      List<float[]> g1 = values(m, gan.generator().trainableWeights());
      for (int i = 0; i < g0.size(); i++) assertArrayEquals(g0.get(i), g1.get(i));
      assertChanged(d0, values(m, gan.discriminator().trainableWeights()));
    }
    Gan twice = gan();
    try (Model m = twice.model()) {
      Optimizer adam = Optimizers.adam(0.01);
      m.compile(s -> {
        Operand<TFloat32> loss = s.tf()
            .math
            .mean(
                s.tf().math.square(s.call(twice.generator(), s.input(1))),
                s.tf().constant(new int[] {0, 1}));
        s.minimize(adam, loss, s.trainableWeights(twice.generator()));
        s.minimize(Optimizers.sgd(0.1), loss, s.trainableWeights(twice.generator()));
      });
      var e = assertThrows(
          IllegalArgumentException.class, () -> m.fit(d, FitOptions.epochs(1).verbose(0)));
      assertTrue(e.getMessage().contains("two updates in one step"), e.getMessage());
    }
  }

  @Test
  void aLossOnInnerActivationsRegularisesThem() {
    Dataset d = Synthetic.linear(128, new float[] {2, -1, 1}, 0, 0.05, 9);
    double[] activity = new double[2];
    for (int run = 0; run < 2; run++) {
      double lambda = run == 0 ? 0 : 3.0;
      SymbolicTensor in = Input.of(3);
      SymbolicTensor hidden = new Dense(8).activation(TANH).named("hidden").apply(in);
      try (Model m = Model.of(List.of(in), List.of(new Dense(1).apply(hidden))).seed(4)) {
        Optimizer adam = Optimizers.adam(0.02);
        m.compile(s -> {
          Ops tf = s.tf();
          List<Operand<?>> outs = s.forward(s.inputs(), List.of("hidden"));
          Operand<TFloat32> h = Trainer.asFloat(tf, outs.get(1));
          Operand<TFloat32> act = tf.math.mean(tf.math.square(h), tf.constant(new int[] {0, 1}));
          Operand<TFloat32> mse =
              s.loss(Losses.meanSquaredError(), s.targets(), Trainer.asFloat(tf, outs.get(0)));
          Operand<TFloat32> loss = s.add(mse, tf.math.mul(act, tf.constant((float) lambda)));
          s.minimize(adam, loss, s.trainableWeights());
          s.log("loss", loss);
          s.log("activity", act);
        });
        double initial = javaActivity(m, d);
        History h = m.fit(d, FitOptions.epochs(60).batchSize(128).shuffle(false).verbose(0));
        // A full batch logs the values before its update: the first epoch's are the initial
        // weights'.
        assertEquals(initial, h.get("activity").get(0), 1e-5);
        Evaluation e = m.evaluate(d, 128);
        activity[run] = javaActivity(m, d);
        assertEquals(activity[run], e.get("activity"), 1e-5);
      }
    }
    assertTrue(activity[1] < 0.5 * activity[0], Arrays.toString(activity));
  }

  /** mean(tanh(x W + b)^2) over the data, from the hidden layer's weights. */
  static double javaActivity(Model m, Dataset d) {
    float[] w = m.weightValue(m.layer("hidden").weights().get(0));
    float[] b = m.weightValue(m.layer("hidden").weights().get(1));
    float[] x = d.inputs().get(0).floats();
    int n = d.size();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 8; j++) {
        double z = b[j];
        for (int k = 0; k < 3; k++) z += x[i * 3 + k] * w[k * 8 + j];
        sum += Math.tanh(z) * Math.tanh(z);
      }
    }
    return sum / (n * 8);
  }

  static List<float[]> values(Model m, List<Weight> ws) {
    List<float[]> out = new ArrayList<>();
    for (Weight w : ws) out.add(m.weightValue(w));
    return out;
  }

  static void assertChanged(List<float[]> before, List<float[]> after) {
    for (int i = 0; i < before.size(); i++)
      assertFalse(Arrays.equals(before.get(i), after.get(i)), "weight " + i + " did not change");
  }
}
