package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.ImageFolderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;

/** An image folder written as TFRecord shards reads back as the folder itself does. */
class ImageRecordsTest {
  @TempDir
  Path dir;

  @Test
  void shardsOfAnImageFolderDecodeToTheFolderImages() throws IOException {
    Path root = dir.resolve("photos");
    ImageFolderPipelineTest.pngs(root, "cat", 3, 9, 7, 1);
    ImageFolderPipelineTest.pngs(root, "dog", 4, 6, 8, 2);
    ImageFolderOptions o = ImageFolderOptions.defaults().imageSize(5, 5).shuffle(false);
    List<Path> shards = ImageRecords.write(root, o, dir.resolve("out"), "train", 3);
    assertEquals(3, shards.size());
    assertTrue(shards.get(2).toString().endsWith("train-00002-of-00003.tfrecord"));
    assertEquals(List.of("cat", "dog"), Files.readAllLines(dir.resolve("out/train-classes.txt")));
    List<Map<String, NdArray<?>>> fromRecords = Pipeline.fromTfRecords(
            dir.resolve("out") + "/train-*.tfrecord", ImageRecords.SPEC)
        .map(ImageRecords.decoder(5, 5, 3))
        .toList();
    List<Map<String, NdArray<?>>> fromFolder = Pipeline.fromImageFolder(root, o).toList();
    assertEquals(7, fromRecords.size());
    for (int i = 0; i < 7; i++) {
      assertEquals(
          ((IntNdArray) fromFolder.get(i).get("y")).getInt(),
          ((IntNdArray) fromRecords.get(i).get("y")).getInt());
      assertArrayEquals(
          ImageFolderPipelineTest.flat(fromFolder.get(i).get("x")),
          ImageFolderPipelineTest.flat(fromRecords.get(i).get("x")),
          1e-4f,
          "image " + i);
    }
    String name = new String(TfRecords.readExamples(shards.get(0))
        .get(0)
        .getFeatures()
        .getFeatureMap()
        .get("filename")
        .getBytesList()
        .getValue(0)
        .toByteArray());
    assertEquals("cat/img0.png", name);
  }
}
