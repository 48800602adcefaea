package io.tfweave.text;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.blocks.TokenAndPositionEmbedding;
import io.tfweave.blocks.TransformerEncoder;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.layers.preprocessing.OutputMode;
import io.tfweave.layers.preprocessing.TextVectorization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The small version of the text workload: raw review text → TextVectorization → TokenAndPositionEmbedding →
 * 2 × TransformerEncoder (pre-norm) → GlobalAveragePooling1D → Dense, on synthetic reviews whose negations ("not boring") need word order,
 * next to a bag-of-words baseline (multi-hot TextVectorization → Dense) that cannot see it.
 */
class TransformerTextClassifierTest {
  static final int MAX_LEN = 24;
  static final double VALIDATION_ACCURACY_BAR = 0.95;
  static final SyntheticReviews.Reviews TRAIN = SyntheticReviews.generate(4000, 1);
  static final SyntheticReviews.Reviews VAL = SyntheticReviews.generate(400, 2);

  private static Dataset data(TextVectorization tv, SyntheticReviews.Reviews r) {
    return Dataset.ofArrays(
        List.of(tv.vectorize(r.texts().toArray(new String[0]))),
        HostArray.ofFloats(r.labels(), r.labels().length, 1));
  }

  private static double fit(Model model, TextVectorization tv, double learningRate, int epochs) {
    model.compile(Optimizers.adam(learningRate), Losses.binaryCrossentropy(), Metrics.accuracy());
    var h = model.fit(
        data(tv, TRAIN),
        FitOptions.epochs(epochs).batchSize(32).validation(data(tv, VAL)).verbose(0));
    return h.get("val_accuracy").stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  @Test
  void transformerClassifiesRawReviewsBeyondABagOfWords() {
    TextVectorization ids =
        new TextVectorization().maxTokens(100).outputSequenceLength(MAX_LEN).adapt(TRAIN.texts());
    assertTrue(ids.getVocabulary().contains("not"));
    double transformer;
    try (Model model = Sequential.named("text_transformer")
        .input(DType.INT32, MAX_LEN)
        .add(new TokenAndPositionEmbedding(ids.vocabularySize(), MAX_LEN, 32).maskZero(true))
        .add(new TransformerEncoder(64, 2).normalizeFirst(true))
        .add(new TransformerEncoder(64, 2).normalizeFirst(true))
        .add(new GlobalAveragePooling1D())
        .add(new Dense(1).activation(SIGMOID))
        .build()
        .seed(2)) {
      transformer = fit(model, ids, 2e-3, 16);
    }
    TextVectorization words = new TextVectorization()
        .maxTokens(100)
        .outputMode(OutputMode.MULTI_HOT)
        .adapt(TRAIN.texts());
    double bagOfWords;
    try (Model model = Sequential.named("bag_of_words")
        .input(words.vocabularySize())
        .add(new Dense(16).activation(RELU))
        .add(new Dense(1).activation(SIGMOID))
        .build()
        .seed(5)) {
      bagOfWords = fit(model, words, 5e-3, 10);
    }
    System.out.printf(
        "best validation accuracy: transformer %.4f, bag of words %.4f%n", transformer, bagOfWords);
    assertTrue(
        transformer >= VALIDATION_ACCURACY_BAR,
        "transformer validation accuracy " + transformer + " below " + VALIDATION_ACCURACY_BAR);
    assertTrue(
        transformer >= bagOfWords + 0.03,
        "transformer " + transformer + " vs bag of words " + bagOfWords);
  }
}
