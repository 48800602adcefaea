package io.tfweave.examples.images;

import io.tfweave.applications.BasicCNN;
import io.tfweave.data.ImageFolder;
import io.tfweave.data.ImageFolderOptions;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.layers.preprocessing.FlipMode;
import io.tfweave.layers.preprocessing.RandomFlip;
import io.tfweave.layers.preprocessing.RandomResizedCrop;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.types.TFloat32;

/**
 * {@code FashionMnistSweep --image-folder DIR}: trains BasicCNN on a folder of images (one sub-folder per class) streamed as
 * Keras's {@code image_dataset_from_directory} + augmentation would: listed and split with a seed, decoded and resized in
 * the graph, augmented (RandomResizedCrop, horizontal RandomFlip) and batched by the pipeline, never held in memory.
 *
 * <p>Options: {@code --image-folder DIR}, {@code --image-size N} (64), {@code --channels 1|3} (3), {@code --epochs N}
 * (10), {@code --batches B} (32; the first of a list), {@code --lrs LR} (0.001, Adam; the first of a list),
 * {@code --validation-split F} (0.2), {@code --width m} (1.0), {@code --seed S} (1), {@code --augment true|false} (true).
 */
final class ImageFolderRun {
  private ImageFolderRun() {}

  static History run(Map<String, String> a) {
    Path root = Path.of(a.get("image-folder"));
    int size = Integer.parseInt(a.getOrDefault("image-size", "64"));
    int channels = Integer.parseInt(a.getOrDefault("channels", "3"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "10"));
    int batch = Integer.parseInt(a.getOrDefault("batches", "32").split(",")[0]);
    double lr = Double.parseDouble(a.getOrDefault("lrs", "0.001").split(",")[0]);
    double split = Double.parseDouble(a.getOrDefault("validation-split", "0.2"));
    double width = Double.parseDouble(a.getOrDefault("width", "1.0"));
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    boolean augment = Boolean.parseBoolean(a.getOrDefault("augment", "true"));
    ImageFolderOptions o = ImageFolderOptions.defaults()
        .imageSize(size, size)
        .colorMode(channels == 1 ? "grayscale" : "rgb")
        .validationSplit(split)
        .seed(seed);
    ImageFolderOptions trainOptions = o.subset("training");
    List<String> classes = ImageFolder.files(root, trainOptions).classNames();
    RandomResizedCrop crop = new RandomResizedCrop(size, size).seed(seed);
    RandomFlip flip = new RandomFlip(FlipMode.HORIZONTAL).seed(seed + 1);
    Pipeline train = Pipeline.fromImageFolder(root, trainOptions)
        .shuffle(1000, seed)
        .batch(batch)
        .map((tf, e) -> {
          org.tensorflow.Operand<TFloat32> x =
              tf.math.div(e.get("x", TFloat32.class), tf.constant(255f));
          if (augment) x = flip.augmentImages(tf, crop.augmentImages(tf, x));
          return e.with("x", x);
        })
        .prefetch(Pipeline.AUTOTUNE);
    Pipeline val = Pipeline.fromImageFolder(root, o.subset("validation"))
        .batch(batch)
        .map((tf, e) -> e.with("x", tf.math.div(e.get("x", TFloat32.class), tf.constant(255f))))
        .prefetch(Pipeline.AUTOTUNE);
    System.out.printf(
        Locale.ROOT,
        "Image folder %s: %d classes %s, %dx%dx%d, validation split %.2f, batch %d, %d epochs%n",
        root,
        classes.size(),
        classes,
        size,
        size,
        channels,
        split,
        batch,
        epochs);
    try (Model m = new BasicCNN(classes.size())
        .inputShape(size, size, channels)
        .widthMultiplier(width)
        .seed(seed)
        .build()) {
      m.compile(Optimizers.adam(lr), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      long t0 = System.nanoTime();
      History h = m.fit(train, FitOptions.epochs(epochs).validation(val).verbose(2));
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "Trained in %.1f s; final val_accuracy %.4f%n",
          s,
          h.get("val_accuracy").get(h.get("val_accuracy").size() - 1));
      return h;
    }
  }
}
