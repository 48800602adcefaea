package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tfweave.data.ImageFolderOptions;
import io.tfweave.testing.PythonTools;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's {@code tf.data.TFRecordDataset} reads the shards {@link ImageRecords#write} makes ({@code
 * tools/check_tfrecords.py}): every record parses, the labels and file names are ours, and each image decodes to the
 * original pixels. Runs when the interpreter in {@code TFWEAVE_PYTHON} (default {@code python3}) imports TensorFlow.
 */
class ImageRecordsPythonTest {
  @TempDir
  Path dir;

  static String python() {
    return PythonTools.python();
  }

  static boolean tensorflowImportable() {
    return PythonTools.importable("tensorflow");
  }

  @Test
  void pythonTfDataReadsOurImageShards() throws Exception {
    assumeTrue(
        tensorflowImportable(),
        "Python TensorFlow not importable with " + python()
            + ": skipping the TFRecordDataset check (set TFWEAVE_PYTHON to a venv's python)");
    Path root = dir.resolve("photos");
    List<String> expected = new ArrayList<>();
    String[] classes = {"ants", "bees"};
    for (int c = 0; c < 2; c++) {
      java.nio.file.Files.createDirectories(root.resolve(classes[c]));
      for (int k = 0; k < 3; k++) {
        BufferedImage img = new BufferedImage(4 + k, 3, BufferedImage.TYPE_INT_RGB);
        long sum = 0;
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4 + k; x++) {
            int r = (10 * c + 3 * x + y + k) % 256;
            int g = (7 * x) % 256;
            int b = 200;
            img.setRGB(x, y, (r << 16) | (g << 8) | b);
            sum += r + g + b;
          }
        }
        String name = classes[c] + "/p" + k + ".png";
        ImageIO.write(img, "png", root.resolve(name).toFile());
        expected.add(name + "\t" + c + "\t3\t" + (4 + k) + "\t3\t" + sum);
      }
    }
    ImageRecords.write(root, ImageFolderOptions.defaults().shuffle(false), dir, "train", 2);
    String out = PythonTools.runTool(300, "check_tfrecords.py", dir + "/train-*.tfrecord", "6");
    List<String> lines = new ArrayList<>(out.lines().toList());
    assertEquals("OK 6 records", lines.remove(lines.size() - 1));
    assertEquals(expected, lines);
  }
}
