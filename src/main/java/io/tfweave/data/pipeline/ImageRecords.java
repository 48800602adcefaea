package io.tfweave.data.pipeline;

import com.google.protobuf.ByteString;
import io.tfweave.data.ImageFiles;
import io.tfweave.data.ImageFolder;
import io.tfweave.data.ImageFolderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.Int64List;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * TFRecord shards of an image folder (class sub-folders, as {@code image_dataset_from_directory} reads them): one
 * {@code tf.train.Example} per image with features {@code image} (the file's encoded bytes, JPEG/PNG/GIF/BMP as stored),
 * {@code label} (int64 class index) and {@code filename} (the path relative to the root). Python reads them with
 * {@code tf.data.TFRecordDataset(files).map(lambda r: tf.io.parse_single_example(r, {"image":
 * tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64)}))}; tfweave with
 * {@code Pipeline.fromTfRecords(pattern, ImageRecords.SPEC).map(ImageRecords.decoder(h, w, c))}.
 */
public final class ImageRecords {
  /** The features {@link #write} writes. */
  public static final FeatureSpec SPEC = FeatureSpec.create()
      .fixedLen("image", FeatureType.BYTES)
      .fixedLen("label", FeatureType.INT64)
      .fixedLen("filename", FeatureType.BYTES);

  private ImageRecords() {}

  /**
   * Writes the images under {@code root}, listed, shuffled and split by {@code options} exactly as
   * {@link ImageFolder#files} lists them, into {@code numShards} files {@code prefix-0000k-of-0000N.tfrecord} in {@code dir}
   * (shard k holds a contiguous range of that order), and the class names, one per line in label order, into
   * {@code prefix-classes.txt}. Files are written beside their targets and renamed into place. Returns the shards.
   */
  public static List<Path> write(
      Path root, ImageFolderOptions options, Path dir, String prefix, int numShards) {
    if (numShards <= 0)
      throw new IllegalArgumentException("numShards must be positive. Received: " + numShards);
    ImageFiles files = ImageFolder.files(root, options);
    int n = files.files().size();
    if (n == 0) throw new IllegalArgumentException("No images under " + root + " to convert");
    List<Path> out = new ArrayList<>();
    for (int k = 0; k < numShards; k++) {
      int from = (int) ((long) k * n / numShards);
      int to = (int) ((long) (k + 1) * n / numShards);
      Path file = dir.resolve(String.format("%s-%05d-of-%05d.tfrecord", prefix, k, numShards));
      out.add(TfRecords.write(file, () -> examples(root, files, from, to)));
    }
    try {
      Path classes = dir.resolve(prefix + "-classes.txt");
      Path tmp = Files.createTempFile(dir, prefix, ".tmp");
      Files.write(tmp, files.classNames(), StandardCharsets.UTF_8);
      Files.move(
          tmp,
          classes,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the class names in " + dir + ": " + e, e);
    }
    return out;
  }

  private static Iterator<Example> examples(Path root, ImageFiles files, int from, int to) {
    return new Iterator<>() {
      int i = from;

      @Override
      public boolean hasNext() {
        return i < to;
      }

      @Override
      public Example next() {
        Path f = files.files().get(i);
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read image " + f + ": " + e.getMessage(), e);
        }
        String name = root.relativize(f).toString();
        long label = files.labels().get(i++);
        return Example.newBuilder()
            .setFeatures(Features.newBuilder()
                .putFeature("image", bytesFeature(ByteString.copyFrom(bytes)))
                .putFeature(
                    "label",
                    Feature.newBuilder()
                        .setInt64List(Int64List.newBuilder().addValue(label))
                        .build())
                .putFeature("filename", bytesFeature(ByteString.copyFromUtf8(name))))
            .build();
      }
    };
  }

  private static Feature bytesFeature(ByteString b) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(b)).build();
  }

  /**
   * A map from the records of {@link #SPEC} to {@code x} (float32 {@code [height, width, channels]}, 0..255, decoded and
   * resized bilinearly as {@code image_dataset_from_directory} does) and {@code y} (int32 label).
   */
  public static MapFn decoder(int height, int width, int channels) {
    if (height <= 0 || width <= 0 || (channels != 1 && channels != 3 && channels != 4)) {
      throw new IllegalArgumentException("decoder needs a positive size and 1, 3 or 4 channels. "
          + "Received: " + height + "x" + width + "x" + channels);
    }
    return (tf, e) -> {
      Operand<TUint8> img = tf.image.decodeImage(
          e.get("image", TString.class),
          TUint8.class,
          DecodeImage.channels((long) channels),
          DecodeImage.expandAnimations(false));
      Operand<TFloat32> resized = tf.image.resizeBilinear(
          tf.expandDims(img, tf.constant(0)),
          tf.constant(new int[] {height, width}),
          ResizeBilinear.halfPixelCenters(true));
      Map<String, Operand<?>> out = new LinkedHashMap<>();
      out.put(
          "x",
          tf.ensureShape(
              tf.squeeze(resized, org.tensorflow.op.core.Squeeze.axis(List.of(0L))),
              Shape.of(height, width, channels)));
      out.put("y", tf.dtypes.cast(e.get("label", TInt64.class), TInt32.class));
      return Element.of(out);
    };
  }
}
