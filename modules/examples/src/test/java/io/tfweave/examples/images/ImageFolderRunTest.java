package io.tfweave.examples.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.training.History;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code FashionMnistSweep --image-folder}: streams a small generated folder and learns dark from light images. */
class ImageFolderRunTest {
  @TempDir
  Path dir;

  @Test
  void streamsAFolderAndLearnsIt() throws IOException {
    Random r = new Random(5);
    for (String c : List.of("dark", "light")) {
      Files.createDirectories(dir.resolve(c));
      for (int k = 0; k < 20; k++) {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
          for (int x = 0; x < 16; x++) {
            int v = (c.equals("dark") ? 30 : 220) + r.nextInt(30) - 15;
            img.setRGB(x, y, (v << 16) | (v << 8) | v);
          }
        }
        ImageIO.write(img, "png", dir.resolve(c).resolve(k + ".png").toFile());
      }
    }
    Map<String, String> a = new HashMap<>();
    a.put("image-folder", dir.toString());
    a.put("image-size", "16");
    a.put("epochs", "4");
    a.put("batches", "8");
    a.put("lrs", "0.01");
    a.put("width", "0.25");
    History h = ImageFolderRun.run(a);
    assertEquals(4, h.get("loss").size());
    // Training accuracy (training mode, on the augmented stream) shows the learning; with 16 steps
    // BatchNorm's moving statistics (momentum 0.99) have not yet caught up, so validation accuracy
    // is not a fair judge of so short a run.
    double acc = h.get("accuracy").get(3);
    assertTrue(acc >= 0.9, "dark vs light is learnt from the stream: accuracy " + acc);
    assertTrue(h.get("loss").get(3) < h.get("loss").get(0), "the loss falls: " + h.get("loss"));
    assertEquals(4, h.get("val_accuracy").size(), "validation streams from the held-out split");
  }
}
