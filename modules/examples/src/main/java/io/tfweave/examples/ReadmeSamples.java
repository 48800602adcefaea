package io.tfweave.examples;

import static io.tfweave.activations.Activation.*;

import io.tfweave.applications.MobileNetV2;
import io.tfweave.callbacks.EarlyStopping;
import io.tfweave.data.HostArray;
import io.tfweave.data.ImageFolderOptions;
import io.tfweave.data.pipeline.FeatureSpec;
import io.tfweave.data.pipeline.FeatureType;
import io.tfweave.data.pipeline.ImageRecords;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.data.pipeline.TfRecords;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.preprocessing.FlipMode;
import io.tfweave.layers.preprocessing.RandomFlip;
import io.tfweave.layers.preprocessing.RandomResizedCrop;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.layers.reshaping.ZeroPadding2D;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.saving.ImportReport;
import io.tfweave.saving.WeightImport;
import io.tfweave.testing.LayerTester;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import io.tfweave.utils.Utils;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.types.TFloat32;

/**
 * The code samples of the README, compiled: each README {@code java} block is copied from one method here, and a test
 * ({@code ReadmeSamplesTest}) fails when the two drift apart. {@code main} runs the first two on small generated reviews.
 */
// The README copies these lines verbatim (ReadmeSamplesTest checks it), so the formatter leaves
// this class alone.
// spotless:off
public final class ReadmeSamples {
  private ReadmeSamples() {}

  /** The typed, fluent forms: the "Twenty lines of tfweave" block. */
  static double typed(int[][] x, float[] y, int[][] xTest, Path exportDir) {
    Model model = Sequential.named("imdb")
        .input(DType.INT32, 500)                       // token ids
        .add(new Embedding(10000, 32))
        .add(new Flatten())
        .add(new Dense(32).activation(RELU))
        .add(new Dense(1).activation(SIGMOID))
        .seed(42)                                      // same seed → same weights, dropout masks, shuffles, loss curve
        .build();
    model.summary();                                   // prints Keras's table; Total params: 832,065
    model.compile(Optimizers.rmsprop(1e-3), Losses.binaryCrossentropy(), Metrics.accuracy());
    History h = model.fit(x, y, FitOptions.epochs(10).batchSize(32).validationSplit(0.2)
        .callbacks(new EarlyStopping("val_loss").patience(2).restoreBestWeights(true)));
    System.out.println(h.get("val_accuracy"));
    FloatNdArray p = model.predict(xTest);
    model.export(exportDir);                           // SavedModel for TensorFlow Serving
    model.close();                                     // frees the native graph and session
    return p.getFloat(0, 0);
  }

  /** What the Keras-spelled sample computed. */
  record KerasResult(double loss, FloatNdArray predictions, float[][] oneHot) {}

  /** Keras's own spellings on top of the typed forms: the "As a Keras user would type it" block. */
  static KerasResult kerasSpelling(int[][] reviews, float[] labels, int[][] testReviews, float[] testLabels) {
    Utils.setRandomSeed(42);                                   // keras.utils.set_random_seed(42)
    int[][] x = Utils.padSequences(reviews, 500);              // keras.utils.pad_sequences(reviews, maxlen=500)
    Model model = Sequential.named("imdb").input(DType.INT32, 500)
        .add(new Embedding(10000, 32)).add(new Flatten()).add(new Dense(1).activation(SIGMOID)).build();
    model.compile("rmsprop", "binary_crossentropy", "accuracy");
    model.fit(x, labels, FitOptions.epochs(3).batchSize(32));   // int[][] token ids, float[] labels
    double loss = model.evaluate(Utils.padSequences(testReviews, 500), testLabels).loss();
    FloatNdArray p = model.predict(Utils.padSequences(testReviews, 500), 256);   // batch size 256
    float[][] oneHot = Utils.toCategorical(new int[] {0, 2, 1}, 3);  // [[1,0,0], [0,0,1], [0,1,0]]
    model.close();
    return new KerasResult(loss, p, oneHot);
  }

  /** The streaming block: TFRecord shards and an image folder as tf.data pipelines (compiled; the pipeline tests run them). */
  static Pipeline pipelines(Model model, HostArray x, HostArray y, Pipeline val, Path dir) {
    TfRecords.writeShards(Path.of("data"), "train", 8, Map.of("x", x, "y", y));      // tf.train.Example, float_list/int64_list
    Pipeline train = Pipeline.fromTfRecords("data/train-*.tfrecord", FeatureSpec.create()
            .fixedLen("x", FeatureType.FLOAT, 784).fixedLen("y", FeatureType.INT64))
        .shuffle(10_000, 42).batch(32)                                           // parsed per batch, vectorized
        .map((tf, e) -> e.with("x", tf.math.div(e.get("x", TFloat32.class), tf.constant(255f))))
        .prefetch(Pipeline.AUTOTUNE);
    model.fit(train, FitOptions.epochs(5).validation(val));                          // val: another Pipeline
    Pipeline images = Pipeline.fromImageFolder(dir, ImageFolderOptions.defaults().imageSize(64, 64).seed(1)
        .validationSplit(0.2).subset("training")).batch(32);                         // image_dataset_from_directory
    return images;
  }

  /** The image-folder recipe: augmentation inside the pipeline, and the folder as interleaved TFRecord shards (compiled). */
  static Pipeline imageFolderRecipe(Model cnn, Path dir) {
    RandomResizedCrop crop = new RandomResizedCrop(64, 64).seed(1);                 // Keras's augmentation layers,
    RandomFlip flip = new RandomFlip(FlipMode.HORIZONTAL).seed(2);                   // run inside the pipeline
    ImageFolderOptions opts = ImageFolderOptions.defaults().imageSize(64, 64).validationSplit(0.2).seed(1);
    Pipeline trainImages = Pipeline.fromImageFolder(dir, opts.subset("training"))   // image_dataset_from_directory
        .shuffle(1000, 1).batch(32)
        .map((tf, e) -> e.with("x", flip.augmentImages(tf, crop.augmentImages(tf, e.get("x", TFloat32.class)))))
        .prefetch(Pipeline.AUTOTUNE);
    Pipeline valImages = Pipeline.fromImageFolder(dir, opts.subset("validation")).batch(32);
    cnn.fit(trainImages, FitOptions.epochs(10).validation(valImages));
    ImageRecords.write(dir, opts.subset("training"), Path.of("records"), "train", 8);  // or: tfweave convert DIR records
    Pipeline fromShards = Pipeline.fromTfRecords("records/train-*.tfrecord", ImageRecords.SPEC)
        .interleave(4, 16, Pipeline.AUTOTUNE)                                        // 4 files at a time, 16 records each
        .map(ImageRecords.decoder(64, 64, 3), Pipeline.AUTOTUNE).ignoreErrors()      // fromShards.skippedErrors() counts
        .shuffle(1000, 1).batch(32).prefetch(Pipeline.AUTOTUNE);
    return fromShards;
  }

  /** The "Saving, serving, transfer" block (compiled, not run: it needs a Keras SavedModel). */
  static void savingAndTransfer(Model model, Path kerasSavedModelDir) {
    Path dir = model.export();                         // savedmodels/<name>/<next version>/ : serve, serving_default,
                                                       // inference graph only, assets/model.json; written atomically
    Model again = Model.load(dir);                     // architecture + weights, ready to compile and train further
    Model mobilenet = MobileNetV2.builder().alpha(0.35).inputShape(32, 32, 3).includeTop(false).pooling("avg").build();
    ImportReport r = WeightImport.from(kerasSavedModelDir).strict(true).into(mobilenet);   // Keras 3 / tf_keras / our exports
    MobileNetV2.unfreezeLastBlocks(mobilenet, 2);      // takes effect at the next compile
    System.out.println(again.name() + " " + r);
  }

  /** The Contributing section's layer test. */
  static void layerTest() {
    LayerTester.of(() -> new ZeroPadding2D(1)).inputShape(2, 5, 5, 3).expectOutputShape(2, 7, 7, 3)
        .expectTrainableWeights(0).run();
  }

  /** Runs the typed and Keras-spelled samples on generated reviews; prints the test prediction and loss. */
  public static void main(String[] args) {
    Random r = new Random(1);
    int n = 200;
    int[][] x = new int[n][500];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      for (int t = 0; t < 500; t++) x[i][t] = 1 + r.nextInt(50) + (y[i] > 0 && t % 7 == 0 ? 100 : 0);
    }
    System.out.println("typed: " + typed(x, y, x, Path.of("target", "readme", "imdb", "1")));
    System.out.println("keras spelling loss: " + kerasSpelling(x, y, x, y).loss());
    layerTest();
  }
}
// spotless:on
