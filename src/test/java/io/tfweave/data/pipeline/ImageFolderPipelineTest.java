package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tfweave.data.ImageFolder;
import io.tfweave.data.ImageFolderOptions;
import io.tfweave.data.LabeledImages;
import io.tfweave.data.format.MalformedDataException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class ImageFolderPipelineTest {
  @TempDir
  Path dir;

  /** Writes {@code n} PNGs of {@code h x w} with distinct pixel colours into {@code root/cls}. */
  static void pngs(Path root, String cls, int n, int h, int w, int seed) throws IOException {
    Files.createDirectories(root.resolve(cls));
    for (int k = 0; k < n; k++) {
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          img.setRGB(x, y, ((seed + k) * 40 + x * 30) << 16 | (y * 50) << 8 | k * 20);
      ImageIO.write(img, "png", root.resolve(cls).resolve("img" + k + ".png").toFile());
    }
  }

  static float[] flat(NdArray<?> a) {
    float[] v = new float[(int) a.size()];
    ((FloatNdArray) a).copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  @Test
  void streamsTheSameImagesLabelsAndOrderAsTheInMemoryLoader() throws IOException {
    pngs(dir, "cats", 3, 6, 5, 1);
    pngs(dir, "dogs", 4, 4, 4, 2);
    for (ImageFolderOptions o : List.of(
        ImageFolderOptions.defaults().imageSize(4, 4).shuffle(false),
        ImageFolderOptions.defaults().imageSize(3, 5).seed(7),
        ImageFolderOptions.defaults()
            .imageSize(4, 4)
            .seed(7)
            .validationSplit(0.3)
            .subset("validation"),
        ImageFolderOptions.defaults()
            .imageSize(4, 4)
            .interpolation("nearest")
            .colorMode("grayscale")
            .shuffle(false))) {
      LabeledImages want = ImageFolder.load(dir, o);
      List<Map<String, NdArray<?>>> got =
          Pipeline.fromImageFolder(dir, o).batch(100).toList();
      assertEquals(1, got.size());
      assertEquals(want.images().shape(), got.get(0).get("x").shape());
      assertArrayEquals(
          flat(want.images()), flat(got.get(0).get("x")), 0.01f, "pixels of " + o.colorMode());
      IntNdArray labels = (IntNdArray) got.get(0).get("y");
      for (int i = 0; i < want.size(); i++) assertEquals(want.labels().getInt(i), labels.getInt(i));
    }
    assertEquals(
        List.of("cats", "dogs"),
        ImageFolder.files(dir, ImageFolderOptions.defaults()).classNames());
  }

  @Test
  void realJpegsDecodeAsTensorFlowDoes() throws IOException {
    Path sk = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/images");
    assumeTrue(Files.isDirectory(sk), sk + " is not installed (python3-sklearn); skipping");
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Files.copy(sk.resolve("china.jpg"), dir.resolve("a/china.jpg"));
    Files.copy(sk.resolve("flower.jpg"), dir.resolve("b/flower.jpg"));
    List<Map<String, NdArray<?>>> all = Pipeline.fromImageFolder(
            dir, ImageFolderOptions.defaults().imageSize(427, 640).shuffle(false))
        .toList();
    assertEquals(Shape.of(427, 640, 3), all.get(0).get("x").shape());
    float[] china = flat(all.get(0).get("x"));
    double[] sum = new double[3];
    for (int i = 0; i < china.length; i++) sum[i % 3] += china[i];
    // TensorFlow's DecodeJpeg (what Keras's image_dataset_from_directory uses; measured here 143.66
    // for channel 0) differs
    // from PIL's libjpeg-turbo defaults (means 144.72 145.47 140.92) by about one level on this
    // photo.
    assertEquals(144.72, sum[0] / (china.length / 3.0), 1.5);
    assertEquals(140.92, sum[2] / (china.length / 3.0), 1.5);
    assertEquals(1, ((IntNdArray) all.get(1).get("y")).getInt());
    assertEquals(
        Shape.of(64, 64, 3),
        Pipeline.fromImageFolder(dir, ImageFolderOptions.defaults().imageSize(64, 64))
            .toList()
            .get(0)
            .get("x")
            .shape());
  }

  @Test
  void aFileThatIsNotAnImageOrIsCorruptIsNamed() throws IOException {
    pngs(dir, "cats", 2, 4, 4, 1);
    Path fake = Files.writeString(dir.resolve("cats/notes.png"), "not a picture");
    var e = assertThrows(MalformedDataException.class, () -> Pipeline.fromImageFolder(
            dir, ImageFolderOptions.defaults().imageSize(4, 4))
        .toList());
    assertTrue(
        e.getMessage()
            .startsWith("File " + fake
                + " (class 'cats') is not a JPEG, PNG, GIF or BMP image (it starts with "
                + "6e 6f 74"),
        e.getMessage());
    Files.delete(fake);
    byte[] png = Files.readAllBytes(dir.resolve("cats/img1.png"));
    Path cut = Files.write(dir.resolve("cats/img1.png"), java.util.Arrays.copyOf(png, 30));
    var c = assertThrows(MalformedDataException.class, () -> Pipeline.fromImageFolder(
            dir, ImageFolderOptions.defaults().imageSize(4, 4))
        .toList());
    assertTrue(
        c.getMessage().startsWith("File " + cut + " (class 'cats') cannot be decoded"),
        c.getMessage());
  }
}
