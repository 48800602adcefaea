package io.tfweave.training;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.testing.Synthetic;
import org.junit.jupiter.api.Test;

/** The Keras textbook IMDB model and its variants. */
class ImdbModelTest {
  static Model imdb(int maxlen, int vocab, int dim, int units) {
    return Sequential.named("imdb")
        .input(DType.INT32, maxlen)
        .add(new Embedding(vocab, dim))
        .add(new Flatten())
        .add(new Dense(units).activation(RELU))
        .add(new Dense(1).activation(SIGMOID))
        .seed(1)
        .build();
  }

  @Test
  void textbookModelHas832065Parameters() {
    try (Model m = imdb(500, 10000, 32, 32)) {
      String s = m.summaryString();
      assertTrue(s.contains("Total params: 832,065"), s);
      assertTrue(
          s.contains("embedding (Embedding)")
              && s.contains("(None, 500, 32)")
              && s.contains("320000"),
          s);
      assertTrue(s.contains("dense_1 (Dense)") && s.contains("(None, 1)"), s);
      assertTrue(
          s.contains("Trainable params: 832,065") && s.contains("Non-trainable params: 0"), s);
    }
  }

  @Test
  void variantsBuildInOneLineEach() {
    Model[] variants = {
      Sequential.builder()
          .input(DType.INT32, 500)
          .add(new Embedding(10000, 32), new Flatten(), new Dense(1).activation(SIGMOID))
          .build(),
      Sequential.builder()
          .input(DType.INT32, 500)
          .add(
              new Embedding(10000, 32),
              new Flatten(),
              new Dense(32).activation(RELU),
              new Dense(32).activation(RELU),
              new Dense(32).activation(RELU),
              new Dense(1).activation(SIGMOID))
          .build(),
      Sequential.builder()
          .input(DType.INT32, 500)
          .add(
              new Embedding(10000, 32),
              new Flatten(),
              new Dense(64).activation(TANH),
              new Dense(1).activation(SIGMOID))
          .build(),
      Sequential.builder()
          .input(DType.INT32, 500)
          .add(
              new Embedding(10000, 32),
              new Flatten(),
              new Dense(32).activation(RELU),
              new Dropout(0.5),
              new Dense(1).activation(SIGMOID))
          .build(),
      Sequential.builder()
          .input(DType.INT32, 500)
          .add(
              new Embedding(10000, 32),
              new Flatten(),
              new Dense(32).activation(RELU).kernelRegularizer(Regularizer.l2(0.001)),
              new Dense(1).activation(SIGMOID))
          .build(),
    };
    long[] params = {
      320000 + 16001, 832065 + 2 * 1056, 320000 + 16000 * 64 + 64 + 65, 832065, 832065
    };
    for (int i = 0; i < variants.length; i++) {
      assertEquals(params[i], variants[i].countParams(), "variant " + i);
      variants[i].compile(
          Optimizers.rmsprop(0.001),
          i == 2 ? Losses.meanSquaredError() : Losses.binaryCrossentropy(),
          Metrics.accuracy());
      variants[i].close();
    }
  }

  @Test
  void learnsSyntheticTokenTaskAbove95PercentValidationAccuracy() {
    Dataset data = Synthetic.tokens(2000, 40, 500, 3);
    try (Model m = imdb(40, 500, 16, 16)) {
      m.compile(Optimizers.rmsprop(0.001), Losses.binaryCrossentropy(), Metrics.accuracy());
      History h =
          m.fit(data, FitOptions.epochs(10).batchSize(32).validationSplit(0.2).verbose(0));
      assertEquals(10, h.size());
      assertTrue(h.last("val_accuracy") > 0.95, h.toString());
      assertTrue(h.last("loss") < h.get("loss").get(0), h.toString());
    }
  }

  @Test
  void dropoutAndL2VariantTrainsAndRegularizationRaisesLoss() {
    Dataset data = Synthetic.tokens(400, 20, 200, 5);
    try (Model plain = Sequential.builder()
            .input(DType.INT32, 20)
            .add(
                new Embedding(200, 8),
                new Flatten(),
                new Dense(8).activation(RELU),
                new Dense(1).activation(SIGMOID))
            .seed(2)
            .build();
        Model reg = Sequential.builder()
            .input(DType.INT32, 20)
            .add(
                new Embedding(200, 8),
                new Flatten(),
                new Dense(8).activation(RELU).kernelRegularizer(Regularizer.l2(0.5)),
                new Dense(1).activation(SIGMOID))
            .seed(2)
            .build()) {
      plain.compile(Optimizers.rmsprop(0.001), Losses.binaryCrossentropy());
      reg.compile(Optimizers.rmsprop(0.001), Losses.binaryCrossentropy());
      double l0 = plain.evaluate(data).get("loss");
      double l1 = reg.evaluate(data).get("loss");
      // Same seed, same initial weights: the difference is exactly the L2 penalty of the hidden
      // kernel.
      float[] k =
          reg.getWeights().get(1).shape().size() > 0 ? flat(reg.getWeights().get(1)) : null;
      double penalty = 0;
      for (float v : k) penalty += 0.5 * v * v;
      assertEquals(l0 + penalty, l1, 1e-3 * Math.max(1, penalty));
    }
  }

  static float[] flat(org.tensorflow.ndarray.FloatNdArray a) {
    float[] f = new float[(int) a.shape().size()];
    a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(f, false, false));
    return f;
  }
}
