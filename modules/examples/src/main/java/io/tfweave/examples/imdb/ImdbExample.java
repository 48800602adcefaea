package io.tfweave.examples.imdb;

import io.tfweave.data.Dataset;
import io.tfweave.data.DatasetNotFoundException;
import io.tfweave.data.HostArray;
import io.tfweave.data.Imdb;
import io.tfweave.data.ImdbOptions;
import io.tfweave.data.LabeledSequences;
import io.tfweave.data.PadOptions;
import io.tfweave.data.Sequences;
import io.tfweave.data.TrainTest;
import io.tfweave.examples.Args;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.plot.Plots;
import io.tfweave.plot.TrainingCurves;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The IMDB text-classification workload: Keras's textbook model trained with RMSprop, binary cross-entropy, batch 32,
 * validation split 0.2, on Keras's {@code imdb.npz}, an {@code aclImdb/} folder, or synthetic reviews.
 *
 * <p>{@code tools/run io.tfweave.examples.imdb.ImdbExample [--data imdb.npz|aclImdb] [--synthetic N] [--variant textbook]
 * [--epochs 10] [--maxlen 500] [--out target/imdb]}
 */
public final class ImdbExample {
  private ImdbExample() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = Args.parse(
        args,
        Map.of(
            "data",
            Imdb.defaultNpzPath().toString(),
            "variant",
            "textbook",
            "epochs",
            "10",
            "maxlen",
            "500",
            "words",
            "10000",
            "out",
            "target/imdb",
            "seed",
            "1"));
    int maxlen = Integer.parseInt(a.get("maxlen"));
    int words = Integer.parseInt(a.get("words"));
    int epochs = Integer.parseInt(a.get("epochs"));
    String variant = a.get("variant");
    if (!ImdbModels.VARIANTS.contains(variant)) {
      System.err.println(
          "Unknown --variant " + variant + ". Expected one of " + ImdbModels.VARIANTS);
      System.exit(2);
    }
    Dataset train;
    Dataset test;
    if (a.containsKey("synthetic")) {
      int n = Integer.parseInt(a.get("synthetic"));
      train = SyntheticReviews.generate(n, maxlen, words, 1);
      test = SyntheticReviews.generate(n / 4, maxlen, words, 2);
      System.out.println("Synthetic reviews: " + n + " train, " + n / 4 + " test");
    } else {
      TrainTest<LabeledSequences> data;
      try {
        Path p = Path.of(a.get("data"));
        data = Files.isDirectory(p)
            ? aclImdb(p, words)
            : Imdb.loadData(p, ImdbOptions.defaults().numWords(words));
      } catch (DatasetNotFoundException e) {
        System.err.println(e.getMessage());
        System.err.println("Or run on synthetic reviews: --synthetic 20000");
        System.exit(2);
        return;
      }
      train = toDataset(data.train(), maxlen);
      test = toDataset(data.test(), maxlen);
      System.out.println("IMDB: " + train.size() + " train, " + test.size() + " test reviews");
    }
    try (Model model = ImdbModels.build(variant, words, maxlen, Long.parseLong(a.get("seed")))) {
      model.summary();
      model.compile(Optimizers.rmsprop(0.001), ImdbModels.loss(variant), Metrics.accuracy());
      History h = model.fit(train, FitOptions.epochs(epochs).batchSize(32).validationSplit(0.2));
      Map<String, Double> result = model.evaluate(test);
      List<Double> val = h.get("val_loss");
      int best = val.indexOf(val.stream().min(Double::compare).orElseThrow());
      System.out.printf(Locale.ROOT, "%nepoch  loss    acc     val_loss val_acc%n");
      for (int e = 0; e < h.size(); e++) {
        System.out.printf(
            Locale.ROOT,
            "%5d  %.4f  %.4f  %.4f   %.4f%s%n",
            e + 1,
            h.get("loss").get(e),
            h.get("accuracy").get(e),
            val.get(e),
            h.get("val_accuracy").get(e),
            e == best ? "  <- lowest val_loss" : "");
      }
      if (best < h.size() - 1) {
        System.out.printf(
            "Overfitting: validation loss is lowest at epoch %d and rises afterwards while training loss "
                + "keeps falling.%n",
            best + 1);
      }
      System.out.printf(
          Locale.ROOT,
          "test loss %.4f, test accuracy %.4f%n",
          result.get("loss"),
          result.get("accuracy"));
      Path out = Path.of(a.get("out"));
      h.writeCsv(out.resolve("history.csv"));
      Plots.save(new TrainingCurves(h.asMap()), out.resolve("curves.png"), 1000, 450);
      System.out.println(
          "Wrote " + out.resolve("history.csv") + " and " + out.resolve("curves.png"));
    }
  }

  private static TrainTest<LabeledSequences> aclImdb(Path dir, int words) {
    var acl = Imdb.loadAclImdb(dir, words);
    return new TrainTest<>(acl.train(), acl.test());
  }

  static Dataset toDataset(LabeledSequences s, int maxlen) {
    var x = Sequences.padSequences(s.sequences(), PadOptions.defaults().maxlen(maxlen));
    float[] y = new float[s.labels().length];
    for (int i = 0; i < y.length; i++) y[i] = s.labels()[i];
    return Dataset.ofArrays(List.of(HostArray.of(x)), HostArray.ofFloats(y, y.length, 1));
  }
}
