package io.tfweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.pipeline.ImageRecords;
import io.tfweave.data.pipeline.Pipeline;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;

/** {@code tfweave convert}: an image folder becomes TFRecord shards that the pipeline reads back. */
class ConvertCommandTest {
  @TempDir
  Path dir;

  @Test
  void convertsAFolderIntoShardsThatReadBack() throws IOException {
    Path root = dir.resolve("imgs");
    for (String c : List.of("a", "b", "c")) {
      Files.createDirectories(root.resolve(c));
      for (int k = 0; k < 2; k++) {
        BufferedImage img = new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB);
        img.setRGB(k, k, 0xff0000 | c.charAt(0));
        ImageIO.write(img, "png", root.resolve(c).resolve(k + ".png").toFile());
      }
    }
    CliRun r = CliRun.of(
        "convert",
        root.toString(),
        dir.resolve("rec").toString(),
        "--shards",
        "2",
        "--prefix",
        "train",
        "--no-shuffle");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Wrote 2 shard(s)"), r.toString());
    List<Map<String, NdArray<?>>> all = Pipeline.fromTfRecords(
            dir.resolve("rec") + "/train-*.tfrecord", ImageRecords.SPEC)
        .map(ImageRecords.decoder(5, 5, 3))
        .toList();
    assertEquals(
        List.of(0, 0, 1, 1, 2, 2),
        all.stream().map(m -> ((IntNdArray) m.get("y")).getInt()).toList());
    assertEquals(List.of("a", "b", "c"), Files.readAllLines(dir.resolve("rec/train-classes.txt")));
    CliRun missing = CliRun.of("convert", dir.resolve("nope").toString(), dir.toString());
    assertEquals(TfweaveCli.EXIT_FAILURE, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.toString());
  }
}
