package io.tfweave.data.pipeline.internal;

import io.tfweave.data.HostArray;
import io.tfweave.data.ImageFiles;
import io.tfweave.data.ImageFolder;
import io.tfweave.data.ImageFolderOptions;
import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.TensorSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * The images of a class-per-subfolder directory, listed in Java exactly as {@link ImageFolder#load} lists them (Keras's
 * order, shuffle and split), then read, decoded ({@code DecodeImage}, first frame of a GIF) and resized in the graph as
 * Keras's {@code image_dataset_from_directory} does ({@code tf.image.resize}: half-pixel centers), one file at a time.
 */
public final class ImageFolderSource implements Source {
  private final Path root;
  private final ImageFiles files;
  private final int height;
  private final int width;
  private final int channels;
  private final String interpolation;

  /** The images under {@code root} as {@code options} selects them. */
  public ImageFolderSource(Path root, ImageFolderOptions options) {
    this.root = root;
    this.files = ImageFolder.files(root, options);
    this.height = options.height();
    this.width = options.width();
    this.channels = switch (options.colorMode()) {
      case "grayscale" -> 1;
      case "rgba" -> 4;
      default -> 3;
    };
    this.interpolation = options.interpolation();
  }

  @Override
  public Built build(BuildContext ctx) {
    Ops tf = ctx.tf();
    int n = files.files().size();
    String[] names = files.files().stream().map(Path::toString).toArray(String[]::new);
    int[] labels = files.labels().stream().mapToInt(Integer::intValue).toArray();
    List<TensorSpec> listing = List.of(
        new TensorSpec("file", TString.class, Shape.scalar()),
        new TensorSpec("y", TInt32.class, Shape.scalar()));
    Operand<TString> fileNames =
        tf.constant(Shape.of(n), org.tensorflow.ndarray.buffer.DataBuffers.ofObjects(names));
    Operand<TInt32> labelValues =
        ctx.fed(TInt32.class, Shape.of(n), () -> HostArray.ofInts(labels, n).toTensor());
    Built in = new Built(
        tf.data
            .tensorSliceDataset(
                List.of(fileNames, labelValues), List.of(Shape.scalar(), Shape.scalar()))
            .handle(),
        listing);
    in = ctx.countRecords(in);
    Functions.Fn decode = Functions.of(listing, "The image decoder", this::decode);
    ctx.keep(decode.function());
    Built out = new Built(in.handle(), decode.outputs());
    return out.withHandle(tf.data
        .mapDataset(
            in.handle(),
            List.of(),
            decode.function(),
            out.types(),
            out.shapes(),
            org.tensorflow.op.data.MapDataset.preserveCardinality(true))
        .handle());
  }

  private Element decode(Ops tf, Element e) {
    Operand<TUint8> img = tf.image.decodeImage(
        tf.io.readFile(e.get("file", TString.class)),
        TUint8.class,
        DecodeImage.channels((long) channels),
        DecodeImage.expandAnimations(false));
    Operand<TInt32> size = tf.constant(new int[] {height, width});
    Operand<TUint8> batched = tf.expandDims(img, tf.constant(0));
    Operand<TFloat32> resized = interpolation.equals("nearest")
        ? tf.dtypes.cast(
            tf.image.resizeNearestNeighbor(
                batched, size, ResizeNearestNeighbor.halfPixelCenters(true)),
            TFloat32.class)
        : tf.image.resizeBilinear(batched, size, ResizeBilinear.halfPixelCenters(true));
    Map<String, Operand<?>> out = new LinkedHashMap<>();
    out.put(
        "x",
        tf.ensureShape(
            tf.squeeze(resized, org.tensorflow.op.core.Squeeze.axis(List.of(0L))),
            Shape.of(height, width, channels)));
    out.put("y", e.get("y"));
    return Element.of(out);
  }

  /** Keeps the listing persistent: the labels are fed once, like arrays. */
  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public RuntimeException explain(RuntimeException error) {
    String bad = ImageDiagnosis.firstBad(files, channels);
    return bad == null ? null : new MalformedDataException(bad + ". Remove or fix the file", error);
  }

  @Override
  public String describe() {
    return "fromImageFolder(" + root + ", " + files.files().size() + " images, classes="
        + files.classNames() + ", " + height + "x" + width + "x" + channels + ")";
  }
}
