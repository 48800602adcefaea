package io.tfweave.bench;

import io.tfweave.applications.BasicCNN;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * BasicCNN on 28×28×1 images, batch 32, Adam: tfweave {@code fit} against a hand-written TF Java loop of the same graph
 * ({@link ModelHandLoop}), interleaved; prints samples/s medians and the ratio. Synthetic images keep it download-free.
 *
 * <p>{@code tools/bench CnnBench [rounds] [batchesPerRound] [width]}
 */
public final class CnnBench {
  private CnnBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    double width = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
    int bs = 32;
    int n = batches * bs;
    Random r = new Random(1);
    float[] x = new float[n * 784];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
    Dataset data =
        Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 28, 28, 1)), HostArray.ofFloats(y, n));
    try (Model model =
        new BasicCNN(10).inputShape(28, 28, 1).widthMultiplier(width).seed(1).build()) {
      System.out.printf(
          "BasicCNN 28x28x1 (width %.2f, %,d parameters), batch %d, %d batches per round%n",
          width, model.countParams(), bs, batches);
      model.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy());
      ModelHandLoop hand = new ModelHandLoop(model, Losses.sparseCategoricalCrossentropy(), 1e-3f);
      CoreBench.EpochTimer timer = new CoreBench.EpochTimer();
      List<Double> mine = new ArrayList<>();
      List<Double> theirs = new ArrayList<>();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      Random shuffle = new Random(2);
      for (int round = 0; round < rounds + 1; round++) {
        model.fit(data, FitOptions.epochs(1).batchSize(bs).verbose(0).callbacks(timer));
        long t0 = System.nanoTime();
        CoreBench.shuffle(order, shuffle);
        for (int b = 0; b < batches; b++) {
          hand.step(
              x, 784, y, java.util.Arrays.copyOfRange(order, b * bs, b * bs + bs), new long[] {
                28, 28, 1
              });
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (round > 0) {
          mine.add(n / timer.seconds.get(timer.seconds.size() - 1));
          theirs.add(n / secs);
        }
      }
      CoreBench.report("BasicCNN 28x28x1, batch 32", mine, theirs, "samples/s");
    }
  }
}
