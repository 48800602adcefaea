package io.tfweave.examples.imdb;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;
import static io.tfweave.activations.Activation.TANH;

import io.tfweave.activations.Activation;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.regularizers.Regularizer;
import java.util.List;

/** The Keras textbook IMDB model (Embedding → Flatten → Dense(32, relu) → Dense(1, sigmoid)) and its variants. */
public final class ImdbModels {
  /** Variant names accepted by {@link #build}. */
  public static final List<String> VARIANTS =
      List.of("textbook", "one-hidden", "three-hidden", "units64", "tanh", "mse", "dropout", "l2");

  private ImdbModels() {}

  /** Builds a variant for sequences of {@code maxlen} token ids below {@code vocab}. */
  public static Model build(String variant, int vocab, int maxlen, long seed) {
    int hidden =
        switch (variant) {
          case "one-hidden" -> 0;
          case "three-hidden" -> 3;
          default -> 1;
        };
    int units = variant.equals("units64") ? 64 : 32;
    Activation act = variant.equals("tanh") ? TANH : RELU;
    Sequential s = Sequential.named("imdb_" + variant.replace('-', '_'))
        .input(DType.INT32, maxlen)
        .add(new Embedding(vocab, 32))
        .add(new Flatten())
        .seed(seed);
    for (int i = 0; i < hidden; i++) {
      Dense d = new Dense(units).activation(act);
      if (variant.equals("l2")) d.kernelRegularizer(Regularizer.l2(0.001));
      s.add(d);
      if (variant.equals("dropout")) s.add(new Dropout(0.5));
    }
    return s.add(new Dense(1).activation(SIGMOID)).build();
  }

  /** The loss of a variant: MSE for {@code mse}, binary cross-entropy otherwise. */
  public static Loss loss(String variant) {
    return variant.equals("mse") ? Losses.meanSquaredError() : Losses.binaryCrossentropy();
  }
}
