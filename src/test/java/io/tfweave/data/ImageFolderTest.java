package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * root/cats/c0..c4.png and root/dogs/d0..d4.png, each a solid colour whose red value is
 * 10 * (index in sorted order), so every image names its file; plus files Keras ignores.
 */
class ImageFolderTest {
  @TempDir
  Path root;

  private void solid(String path, int red) throws IOException {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        img.setRGB(x, y, (red << 16) | 0x0080FF);
      }
    }
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    ImageIO.write(img, "png", p.toFile());
  }

  @BeforeEach
  void writeImages() throws IOException {
    for (int i = 0; i < 5; i++) {
      solid("cats/c" + i + ".png", 10 * i);
      solid("dogs/d" + i + (i == 2 ? ".PNG" : ".png"), 10 * (5 + i));
    }
    Files.writeString(root.resolve("cats/notes.txt"), "ignored");
    solid(".hidden/h.png", 250);
    solid("top.png", 250);
  }

  /** The red value of each loaded image, divided by 10: the sorted index of its file. */
  private static int[] ids(LabeledImages d) {
    int[] ids = new int[d.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Math.round(d.images().getFloat(i, 0, 0, 0) / 10);
    }
    return ids;
  }

  private static List<String> names(LabeledImages d) {
    return d.filePaths().stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void unshuffledIsSortedByClassThenFile() {
    LabeledImages d =
        ImageFolder.load(root, ImageFolderOptions.defaults().shuffle(false).imageSize(4, 5));
    assertEquals(List.of("cats", "dogs"), d.classNames());
    assertEquals(Shape.of(10, 4, 5, 3), d.images().shape());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, ids(d));
    assertArrayEquals(
        new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, StdArrays.array1dCopyOf(d.labels()));
    assertEquals(128f, d.images().getFloat(3, 3, 4, 1));
    assertEquals(255f, d.images().getFloat(3, 0, 0, 2));
    assertEquals("d2.PNG", names(d).get(7));
  }

  @Test
  void seededShuffleAndSplitMatchKeras() {
    // RandomState(113) permutes 10 files as 9, 3, 6, 1, 0, 7, 4, 8, 2, 5;
    // int(0.2 * 10) = 2 validation files, the last two.
    ImageFolderOptions o =
        ImageFolderOptions.defaults().imageSize(2, 2).seed(113).validationSplit(0.2);
    LabeledImages training = ImageFolder.load(root, o.subset("training"));
    assertArrayEquals(new int[] {9, 3, 6, 1, 0, 7, 4, 8}, ids(training));
    assertArrayEquals(
        new int[] {1, 0, 1, 0, 0, 1, 0, 1}, StdArrays.array1dCopyOf(training.labels()));
    assertEquals(
        List.of("d4.png", "c3.png", "d1.png", "c1.png", "c0.png", "d2.PNG", "c4.png", "d3.png"),
        names(training));
    LabeledImages validation = ImageFolder.load(root, o.subset("validation"));
    assertArrayEquals(new int[] {2, 5}, ids(validation));
    assertArrayEquals(new int[] {0, 1}, StdArrays.array1dCopyOf(validation.labels()));
    TrainTest<LabeledImages> both = ImageFolder.loadBoth(root, o);
    assertArrayEquals(ids(training), ids(both.train()));
    assertArrayEquals(ids(validation), ids(both.test()));
  }

  @Test
  void nestedFoldersSortByFolderPathLikePython() throws IOException {
    // os.walk roots sorted as strings: "birds" < "birds/sub" < "birds/sub-x" < "birds/sub/deep"
    // ('-' sorts before '/'), files sorted within each folder.
    solid("birds/z.png", 10);
    solid("birds/a.png", 20);
    solid("birds/sub/deep/b.png", 30);
    solid("birds/sub-x/c.png", 40);
    solid("birds/sub/d.png", 50);
    LabeledImages d = ImageFolder.load(
        root,
        ImageFolderOptions.defaults().shuffle(false).imageSize(1, 1).classNames(List.of("birds")));
    assertEquals(List.of("a.png", "z.png", "d.png", "c.png", "b.png"), names(d));
    assertArrayEquals(new int[] {2, 1, 5, 4, 3}, ids(d));
  }

  @Test
  void classNamesChooseAndOrderClasses() {
    LabeledImages d = ImageFolder.load(
        root,
        ImageFolderOptions.defaults()
            .shuffle(false)
            .imageSize(1, 1)
            .classNames(List.of("dogs"))
            .colorMode("grayscale"));
    assertEquals(List.of("dogs"), d.classNames());
    assertEquals(Shape.of(5, 1, 1, 1), d.images().shape());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0}, StdArrays.array1dCopyOf(d.labels()));
    // grayscale of (50, 128, 255): (9797 * 50 + 19234 * 128 + 3737 * 255) >> 15 = 119
    assertEquals(119f, d.images().getFloat(0, 0, 0, 0));
  }

  @Test
  void realSklearnJpegs() throws IOException {
    Path src = ImagesTest.SKLEARN_IMAGES;
    assumeTrue(Files.isDirectory(src), src + " is not installed (python3-sklearn); skipping");
    Path photos = root.resolve("photos");
    for (String name : new String[] {"china", "flower"}) {
      Files.createDirectories(photos.resolve(name));
      Files.copy(src.resolve(name + ".jpg"), photos.resolve(name).resolve(name + ".jpg"));
    }
    LabeledImages d =
        ImageFolder.load(photos, ImageFolderOptions.defaults().shuffle(false).imageSize(64, 96));
    assertEquals(Shape.of(2, 64, 96, 3), d.images().shape());
    assertEquals(List.of("china", "flower"), d.classNames());
    assertArrayEquals(new int[] {0, 1}, StdArrays.array1dCopyOf(d.labels()));
  }

  @Test
  void optionErrorsFollowKeras() {
    ImageFolderOptions o = ImageFolderOptions.defaults().imageSize(2, 2);
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> ImageFolder.load(root, o.validationSplit(0.2).seed(1)))
        .getMessage()
        .startsWith("If subset is set, validationSplit must be set, and inversely."));
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> ImageFolder.load(root, o.validationSplit(0.2).subset("training")))
        .getMessage()
        .startsWith("If using validationSplit and shuffling the data, you must provide a seed"));
    assertEquals(
        "validationSplit must be between 0 and 1 (exclusive). Received:" + " validationSplit=1.0",
        assertThrows(IllegalArgumentException.class, () -> o.validationSplit(1)).getMessage());
    assertEquals(
        "subset must be one of \"training\", \"validation\". Received: subset=\"both\"",
        assertThrows(IllegalArgumentException.class, () -> o.subset("both")).getMessage());
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> ImageFolder.load(
                root, o.validationSplit(0.05).subset("validation").seed(1)))
        .getMessage()
        .contains("leaves no validation image"));
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> ImageFolder.load(root, o.classNames(List.of("cats", "birds"))))
        .getMessage()
        .contains(
            "Expected: [cats, dogs] (or a subset of it), but received: classNames=[cats, birds]"));
    assertEquals(
        "height must be a positive integer. Received: height=0",
        assertThrows(IllegalArgumentException.class, () -> o.imageSize(0, 3)).getMessage());
  }

  @Test
  void missingOrEmptyFolders() throws IOException {
    assertTrue(assertThrows(
            DatasetNotFoundException.class,
            () -> ImageFolder.load(root.resolve("none"), ImageFolderOptions.defaults()))
        .getMessage()
        .contains("is not a directory"));
    Path empty = root.resolve("empty");
    Files.createDirectories(empty.resolve("a"));
    assertTrue(assertThrows(
            IllegalArgumentException.class,
            () -> ImageFolder.load(empty, ImageFolderOptions.defaults()))
        .getMessage()
        .contains("No images found in directory"));
  }
}
