package io.tfweave.examples.text;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;

import io.tfweave.blocks.TokenAndPositionEmbedding;
import io.tfweave.blocks.TransformerEncoder;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.examples.Args;
import io.tfweave.graph.DType;
import io.tfweave.layers.convolutional.Conv1D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.layers.pooling.GlobalMaxPooling1D;
import io.tfweave.layers.preprocessing.TextVectorization;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.saving.ExportOptions;
import io.tfweave.saving.SavedModelExporter;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text workload from raw review text: TextVectorization (adapted on the training texts) feeds three models, (1) the
 * Embedding → Flatten → Dense baseline and (2) Conv1D + GlobalMaxPooling1D on the vectorized ids, and (3) a model that
 * takes the raw strings itself, TextVectorization → TokenAndPositionEmbedding → 2 × TransformerEncoder →
 * GlobalAveragePooling1D → Dense; prints validation and test accuracy and training time for each. Model (3) is then
 * exported as a SavedModel with a string input ({@code --export}, default {@code target/text_transformer/1}) next to a
 * TF Serving request of raw test reviews ({@code request.json}), with the {@code tools/tfweave predict} command that
 * answers it.
 *
 * <p>{@code tools/run io.tfweave.examples.text.TextClassificationExample [--data aclImdb] [--synthetic 4000] [--epochs 10]
 * [--maxlen 200] [--tokens 20000] [--dim 64] [--heads 2] [--export DIR]}; without {@code --data}, synthetic reviews.
 */
public final class TextClassificationExample {
  private TextClassificationExample() {}

  public static void main(String[] args) {
    Map<String, String> a = Args.parse(
        args,
        Map.of(
            "synthetic",
            "4000",
            "epochs",
            "10",
            "maxlen",
            "200",
            "tokens",
            "20000",
            "dim",
            "64",
            "heads",
            "2",
            "batch",
            "32",
            "export",
            "target/text_transformer/1"));
    int maxlen = Integer.parseInt(a.get("maxlen"));
    int dim = Integer.parseInt(a.get("dim"));
    int heads = Integer.parseInt(a.get("heads"));
    int epochs = Integer.parseInt(a.get("epochs"));
    int batch = Integer.parseInt(a.get("batch"));
    ReviewTexts train;
    ReviewTexts test;
    if (a.containsKey("data")) {
      train = ReviewTexts.read(Path.of(a.get("data"), "train"));
      test = ReviewTexts.read(Path.of(a.get("data"), "test"));
    } else {
      int n = Integer.parseInt(a.get("synthetic"));
      train = ReviewTexts.synthetic(n, 1);
      test = ReviewTexts.synthetic(n / 4, 2);
      maxlen = Math.min(maxlen, 32);
    }
    long t0 = System.nanoTime();
    TextVectorization tv = new TextVectorization()
        .maxTokens(Integer.parseInt(a.get("tokens")))
        .outputSequenceLength(maxlen)
        .adapt(train.texts());
    Dataset raw = Dataset.ofArrays(
            List.of(HostArray.ofStrings(train.array(), train.labels().length)),
            HostArray.ofFloats(train.labels(), train.labels().length, 1))
        .shuffle(7);
    List<Dataset> rawParts = raw.split(0.8);
    Dataset rawTest = Dataset.ofArrays(
        List.of(HostArray.ofStrings(test.array(), test.labels().length)),
        HostArray.ofFloats(test.labels(), test.labels().length, 1));
    List<Dataset> parts = List.of(vectorized(tv, rawParts.get(0)), vectorized(tv, rawParts.get(1)));
    Dataset testData = vectorized(tv, rawTest);
    System.out.printf(
        Locale.ROOT,
        "%d train / %d validation / %d test reviews, vocabulary %d, vectorized in %.1f s%n",
        parts.get(0).size(),
        parts.get(1).size(),
        testData.size(),
        tv.vocabularySize(),
        (System.nanoTime() - t0) / 1e9);
    int vocab = tv.vocabularySize();
    List<Model> models = List.of(
        Sequential.named("embedding_flatten_dense")
            .input(DType.INT32, maxlen)
            .add(new Embedding(vocab, 16))
            .add(new Flatten())
            .add(new Dense(1).activation(SIGMOID))
            .build(),
        Sequential.named("conv1d")
            .input(DType.INT32, maxlen)
            .add(new Embedding(vocab, dim))
            .add(new Conv1D(dim, 5).activation(RELU))
            .add(new GlobalMaxPooling1D())
            .add(new Dense(1).activation(SIGMOID))
            .build(),
        Sequential.named("transformer_raw_text")
            .input(DType.STRING)
            .add(tv)
            .add(new TokenAndPositionEmbedding(vocab, maxlen, dim).maskZero(true))
            .add(new TransformerEncoder(dim, heads).normalizeFirst(true))
            .add(new TransformerEncoder(dim, heads).normalizeFirst(true))
            .add(new GlobalAveragePooling1D())
            .add(new Dense(1).activation(SIGMOID))
            .build());
    System.out.printf(
        Locale.ROOT,
        "%n%-24s %8s %8s %10s %12s%n",
        "model",
        "val_acc",
        "test_acc",
        "train_s",
        "samples/s");
    for (Model m : models) {
      try (m) {
        boolean rawText = m.inputs().get(0).dtype() == DType.STRING;
        List<Dataset> fitParts = rawText ? rawParts : parts;
        m.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy(), Metrics.accuracy());
        long start = System.nanoTime();
        History h = m.fit(
            fitParts.get(0),
            FitOptions.epochs(epochs)
                .batchSize(batch)
                .validation(fitParts.get(1))
                .verbose(0));
        double seconds = (System.nanoTime() - start) / 1e9;
        double testAccuracy = m.evaluate(rawText ? rawTest : testData).get("accuracy");
        System.out.printf(
            Locale.ROOT,
            "%-24s %8.4f %8.4f %10.1f %12.0f%n",
            m.name(),
            h.last("val_accuracy"),
            testAccuracy,
            seconds,
            (double) parts.get(0).size() * epochs / seconds);
        if (rawText) export(m, Path.of(a.get("export")), test);
      }
    }
  }

  private static Dataset vectorized(TextVectorization tv, Dataset rawTexts) {
    return Dataset.ofArrays(
        List.of(tv.vectorize(rawTexts.inputs().get(0).strings())), rawTexts.targets());
  }

  /** Exports {@code m} (string input) and writes a TF Serving request of five raw test reviews beside it. */
  private static void export(Model m, Path dir, ReviewTexts test) {
    Path out = SavedModelExporter.exportVersion(
        m,
        dir.toAbsolutePath().getParent(),
        Long.parseLong(dir.getFileName().toString()),
        ExportOptions.defaults().overwrite(true));
    String[] probe =
        java.util.Arrays.copyOf(test.array(), Math.min(5, test.texts().size()));
    Path request = out.resolveSibling("request.json");
    StringBuilder json = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < probe.length; i++) {
      json.append(i == 0 ? "" : ", ")
          .append('"')
          .append(probe[i].replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    try {
      java.nio.file.Files.writeString(request, json.append("]}\n"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    var p = m.predict(probe);
    System.out.printf(
        Locale.ROOT,
        "%nexported %s (input '%s': DT_STRING raw text)%n",
        out,
        m.inputs().get(0).layer().name());
    for (int i = 0; i < probe.length; i++)
      System.out.printf(Locale.ROOT, "  predict %.4f  \"%s\"%n", p.getFloat(i, 0), probe[i]);
    System.out.printf("query it: tools/tfweave predict %s --input %s%n", out, request);
  }
}
