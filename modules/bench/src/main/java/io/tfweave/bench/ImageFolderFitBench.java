package io.tfweave.bench;

import io.tfweave.data.FashionMnist;
import io.tfweave.data.ImageFolderOptions;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.layers.preprocessing.FlipMode;
import io.tfweave.layers.preprocessing.RandomFlip;
import io.tfweave.layers.preprocessing.RandomResizedCrop;
import io.tfweave.models.Model;
import io.tfweave.training.FitOptions;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.tensorflow.types.TFloat32;

/**
 * Benchmark 2 of the streaming issue inside {@code fit}, the same model on both sides: BasicCNN(10) at width 0.25 trained
 * from a folder of Fashion-MNIST JPEGs (class sub-folders) with decode + RandomResizedCrop + horizontal flip, batch 32, in
 * tfweave ({@code Pipeline.fromImageFolder}) and in Keras ({@code image_dataset_from_directory} + the same augmentation
 * and the same network, {@code tools/keras_image_folder_bench.py}, run with {@code TFWEAVE_PYTHON}). The Keras rounds run
 * between two halves of the tfweave rounds (never at the same time); prints the median images/s of each and the ratio.
 *
 * <p>{@code tools/bench ImageFolderFitBench [images] [size] [rounds] [steps] [workDir]} (defaults 3000, 64, 3, 0 = one
 * epoch per round, target/image-fit-bench).
 */
public final class ImageFolderFitBench {
  private ImageFolderFitBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Path work = Path.of(args.length > 4 ? args[4] : "target/image-fit-bench");
    Path root = work.resolve("jpegs-" + images + "-" + size);
    LabeledImages fm = FashionMnist.load().train();
    images = Math.min(images, fm.size());
    if (!Files.isDirectory(root)) write(fm, images, size, root);
    Pipeline p = augmented(root, size);
    FitOptions fit = FitOptions.epochs(1).verbose(0);
    if (steps > 0) {
      p = p.repeat();
      fit = fit.stepsPerEpoch(steps);
    }
    long perRound = steps > 0 ? 32L * steps : images;
    List<Double> ours = new ArrayList<>();
    double keras;
    try (Model m = PipelineBench.cnn(size, 3, 0.25)) {
      int first = (rounds + 1) / 2;
      for (int r = 0; r <= first; r++) ours(m, p, fit, perRound, r, ours);
      keras = keras(root, size, rounds, steps);
      for (int r = first + 1; r <= rounds; r++) ours(m, p, fit, perRound, r, ours);
    }
    double med = PipelineBench.median(ours);
    System.out.printf(
        "image folder %d JPEGs %dx%d, decode + RandomResizedCrop + flip, batch 32, BasicCNN(width 0.25),"
            + " %d images per round: tfweave fit %.0f images/s, Keras fit %s, ratio %s (target >= 1)%n",
        images,
        size,
        size,
        perRound,
        med,
        keras > 0 ? String.format("%.0f images/s", keras) : "not run",
        keras > 0 ? String.format("%.3f", med / keras) : "-");
  }

  private static void ours(
      Model m, Pipeline p, FitOptions fit, long perRound, int r, List<Double> out) {
    long t0 = System.nanoTime();
    m.fit(p, fit);
    double rate = perRound / ((System.nanoTime() - t0) / 1e9);
    if (r > 0) out.add(rate); // round 0 builds the graph
    System.out.printf("  tfweave round %d: fit %.0f images/s%n", r, rate);
  }

  /** Keras's median images/s inside fit, or -1 when Python with TensorFlow is not available. */
  private static double keras(Path root, int size, int rounds, int steps)
      throws IOException, InterruptedException {
    String python = System.getenv().getOrDefault("TFWEAVE_PYTHON", "python3");
    List<String> cmd = new ArrayList<>(List.of(
        python,
        "tools/keras_image_folder_bench.py",
        root.toString(),
        Integer.toString(rounds),
        "--size",
        Integer.toString(size),
        "--fit-only"));
    if (steps > 0) cmd.addAll(List.of("--steps", Integer.toString(steps)));
    Process proc;
    try {
      proc =
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      System.out.println("  Keras: " + python + " did not start (" + e.getMessage()
          + "); set TFWEAVE_PYTHON to a python with TensorFlow");
      return -1;
    }
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    proc.waitFor();
    for (String line : out.split("\n"))
      if (line.startsWith("  round")) System.out.println("  Keras" + line.substring(1));
    Matcher m =
        Pattern.compile("KERAS_RESULT images=\\d+ alone=[\\d.]+ fit=([\\d.]+)").matcher(out);
    if (proc.exitValue() != 0 || !m.find()) {
      System.out.println("  Keras: the script failed with " + python + " (exit " + proc.exitValue()
          + "); set TFWEAVE_PYTHON to a python with TensorFlow");
      return -1;
    }
    return Double.parseDouble(m.group(1));
  }

  /** The tfweave side: the folder decoded at {@code size}, batch 32, crop + flip on each batch, prefetched. */
  static Pipeline augmented(Path root, int size) {
    RandomResizedCrop crop = new RandomResizedCrop(size, size).seed(1);
    RandomFlip flip = new RandomFlip(FlipMode.HORIZONTAL).seed(2);
    return Pipeline.fromImageFolder(
            root, ImageFolderOptions.defaults().imageSize(size, size).seed(1))
        .batch(32)
        .map((tf, e) -> e.with(
            "x",
            flip.augmentImages(
                tf,
                crop.augmentImages(
                    tf, tf.math.div(e.get("x", TFloat32.class), tf.constant(255f))))))
        .prefetch(Pipeline.AUTOTUNE);
  }

  /** {@code count} Fashion-MNIST images as {@code size x size} RGB JPEGs in class sub-folders. */
  static void write(LabeledImages fm, int count, int size, Path root) throws IOException {
    for (int c = 0; c < 10; c++) Files.createDirectories(root.resolve("class_" + c));
    for (int i = 0; i < count; i++) {
      BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
      for (int q = 0; q < 784; q++) {
        int v = Math.min(255, Math.round(PipelineBench.px(fm, i, q)));
        small.setRGB(q % 28, q / 28, (v << 16) | (v << 8) | v);
      }
      BufferedImage big = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = big.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(small, 0, 0, size, size, null);
      g.dispose();
      ImageIO.write(
          big,
          "jpg",
          root.resolve("class_" + fm.labels().getInt(i)).resolve(i + ".jpg").toFile());
    }
    System.out.printf("Wrote %d JPEGs %dx%d into %s%n", count, size, size, root);
  }
}
