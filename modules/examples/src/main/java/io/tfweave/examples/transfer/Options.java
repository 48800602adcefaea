package io.tfweave.examples.transfer;

import io.tfweave.data.FashionMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The workload's command-line options ({@code --name value}), shared by both processes. */
final class Options {
  int epochs = 10;
  int pretrainEpochs = 6;
  int sourcePerClass = 2000;
  int trainPerClass = 100;
  int testPerClass = 200;
  int seeds = 3;
  double lr = 1e-3;
  double finetuneLr = 5e-4;
  int batchSize = 32;
  long seed = 42;
  double bnMomentum = 0.9;
  Path data = FashionMnist.DEFAULT_DIR;
  Path out = Path.of("savedmodels");

  static final String USAGE =
      "options: --epochs N (target budget per case, default 10) --pretrain-epochs N (default 6) "
          + "--source-per-class N (pretraining images per class 0-4, default 2000, at most 6000) "
          + "--train-per-class N (target images per class 5-9, default 100) --test-per-class N (default 200) "
          + "--seeds N (target runs per case, default 3) --lr R (Adam, cases a and c, default 1e-3) "
          + "--finetune-lr R (case b, default 5e-4) --batch N (default 32) --seed N (default 42) "
          + "--bn-momentum M (default 0.9: Keras's 0.999 leaves the moving statistics near their initial values for thousands of steps, so short runs predict a constant class in inference mode) --data DIR (the four Fashion-MNIST *-ubyte(.gz) files, default "
          + FashionMnist.DEFAULT_DIR + ") "
          + "--out DIR (exports and plots, default savedmodels)";

  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length)
        throw new IllegalArgumentException("missing value for " + args[i] + "; " + USAGE);
      String v = args[i + 1];
      switch (args[i]) {
        case "--epochs" -> o.epochs = Integer.parseInt(v);
        case "--pretrain-epochs" -> o.pretrainEpochs = Integer.parseInt(v);
        case "--source-per-class" -> o.sourcePerClass = Integer.parseInt(v);
        case "--seeds" -> o.seeds = Integer.parseInt(v);
        case "--lr" -> o.lr = Double.parseDouble(v);
        case "--finetune-lr" -> o.finetuneLr = Double.parseDouble(v);
        case "--train-per-class" -> o.trainPerClass = Integer.parseInt(v);
        case "--test-per-class" -> o.testPerClass = Integer.parseInt(v);
        case "--batch" -> o.batchSize = Integer.parseInt(v);
        case "--seed" -> o.seed = Long.parseLong(v);
        case "--bn-momentum" -> o.bnMomentum = Double.parseDouble(v);
        case "--data" -> o.data = Path.of(v);
        case "--out" -> o.out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
      }
    }
    return o;
  }

  /** What identifies a pretraining: an export made with the same values is reused instead of pretraining again. */
  String pretrainingKey() {
    return "classes 0-4, " + sourcePerClass + " per class, " + pretrainEpochs + " epochs, batch "
        + batchSize + ", seed " + seed + ", BN momentum " + bnMomentum;
  }

  List<String> toArgs() {
    List<String> a = new ArrayList<>();
    a.addAll(List.of(
        "--epochs",
        "" + epochs,
        "--pretrain-epochs",
        "" + pretrainEpochs,
        "--train-per-class",
        "" + trainPerClass));
    a.addAll(List.of(
        "--test-per-class", "" + testPerClass, "--batch", "" + batchSize, "--seed", "" + seed));
    a.addAll(List.of("--bn-momentum", "" + bnMomentum));
    a.addAll(List.of("--source-per-class", "" + sourcePerClass, "--seeds", "" + seeds));
    a.addAll(List.of("--lr", "" + lr, "--finetune-lr", "" + finetuneLr));
    a.addAll(List.of("--data", data.toString(), "--out", out.toString()));
    return a;
  }
}
