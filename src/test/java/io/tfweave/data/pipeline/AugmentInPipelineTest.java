package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.HostArray;
import io.tfweave.layers.preprocessing.FlipMode;
import io.tfweave.layers.preprocessing.RandomCrop;
import io.tfweave.layers.preprocessing.RandomFlip;
import io.tfweave.layers.preprocessing.RandomResizedCrop;
import io.tfweave.layers.preprocessing.RandomRotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The augmentation layers inside {@code Pipeline.map}: shapes, seeded determinism, values that change. */
class AugmentInPipelineTest {
  static final int N = 16;

  /** 16 images 6x6x1 whose pixel (r, c) is 100 i + 10 r + c: every image and pixel is distinct. */
  static Pipeline images() {
    float[] x = new float[N * 36];
    for (int i = 0; i < N; i++)
      for (int r = 0; r < 6; r++)
        for (int c = 0; c < 6; c++) x[i * 36 + r * 6 + c] = 100 * i + 10 * r + c;
    return Pipeline.fromArrays(HostArray.ofFloats(x, N, 6, 6, 1), null);
  }

  static float[][][] image(Map<String, NdArray<?>> e) {
    FloatNdArray a = (FloatNdArray) e.get("x");
    float[][][] out = new float[(int) a.shape().get(0)][(int) a.shape().get(1)][1];
    for (int r = 0; r < out.length; r++)
      for (int c = 0; c < out[0].length; c++) out[r][c][0] = a.getFloat(r, c, 0);
    return out;
  }

  @Test
  void flipPerImageIsSeededAndFlipsAboutHalf() {
    RandomFlip flip = new RandomFlip(FlipMode.HORIZONTAL).seed(7);
    Pipeline p =
        images().map((tf, e) -> e.with("x", flip.augmentImages(tf, e.get("x", TFloat32.class))));
    List<Map<String, NdArray<?>>> a = p.toList();
    List<Map<String, NdArray<?>>> b = p.toList();
    int flipped = 0;
    for (int i = 0; i < N; i++) {
      float[][][] got = image(a.get(i));
      assertEquals(6, got.length);
      boolean same = got[0][0][0] == 100 * i && got[0][5][0] == 100 * i + 5;
      boolean mirrored = got[0][0][0] == 100 * i + 5 && got[2][5][0] == 100 * i + 20;
      assertTrue(same || mirrored, "image " + i + " is itself or its mirror");
      if (mirrored) flipped++;
      assertArrayEquals(flatten(got), flatten(image(b.get(i))), "a seeded run repeats");
    }
    assertTrue(flipped > 2 && flipped < 14, "about half flip: " + flipped);
  }

  @Test
  void cropsAndResizedCropsOnBatchesWithStaticShapes() {
    RandomCrop crop = new RandomCrop(4, 4).seed(1);
    RandomResizedCrop rrc = new RandomResizedCrop(5, 5).seed(2);
    RandomRotation rot = new RandomRotation(0.2).seed(3);
    Pipeline p = images().batch(8).map((tf, e) -> e.with(
            "crop", crop.augmentImages(tf, e.get("x", TFloat32.class)))
        .with("rrc", rrc.augmentImages(tf, e.get("x", TFloat32.class)))
        .with("rot", rot.augmentImages(tf, e.get("x", TFloat32.class))));
    Map<String, TensorSpec> spec = new java.util.HashMap<>();
    for (TensorSpec s : p.elementSpec()) spec.put(s.name(), s);
    assertEquals("[-1, 4, 4, 1]", spec.get("crop").shape().toString());
    assertEquals("[-1, 5, 5, 1]", spec.get("rrc").shape().toString());
    assertEquals("[-1, 6, 6, 1]", spec.get("rot").shape().toString());
    List<Map<String, NdArray<?>>> batches = p.toList();
    assertEquals(2, batches.size());
    FloatNdArray c = (FloatNdArray) batches.get(1).get("crop");
    for (int i = 0; i < 8; i++) {
      // A crop is a 4x4 window: right neighbour +1, lower neighbour +10, from image 8 + i.
      float tl = c.getFloat(i, 0, 0, 0);
      assertEquals((int) tl / 100, 8 + i);
      assertEquals(tl + 1, c.getFloat(i, 0, 1, 0));
      assertEquals(tl + 13, c.getFloat(i, 1, 3, 0));
    }
    FloatNdArray r = (FloatNdArray) batches.get(0).get("rot");
    FloatNdArray x = (FloatNdArray) batches.get(0).get("x");
    double changed = 0;
    for (int i = 0; i < 8; i++)
      changed += Math.abs(r.getFloat(i, 1, 1, 0) - x.getFloat(i, 1, 1, 0));
    assertTrue(changed > 0, "rotation moves pixels");
  }

  @Test
  void eachPassDrawsAnewAndASeedIsRequired() {
    RandomFlip flip = new RandomFlip(FlipMode.HORIZONTAL).seed(11);
    Pipeline p =
        images().map((tf, e) -> e.with("x", flip.augmentImages(tf, e.get("x", TFloat32.class))));
    List<List<Float>> passes = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      PipelineDataset d = PipelineDataset.build(tf, p);
      PipelineIterator it = PipelineIterator.create(tf, d.elementSpec());
      for (int pass = 1; pass <= 2; pass++) {
        it.initialize(s, d, pass);
        List<Float> corners = new ArrayList<>();
        for (int i = 0; i < N; i++) {
          try (var res = s.runner().fetch(it.next().get(0)).run()) {
            corners.add(((TFloat32) res.get(0)).getFloat(0, 0, 0) % 100);
          }
        }
        passes.add(corners);
      }
    }
    assertNotEquals(passes.get(0), passes.get(1), "epoch 2 flips other images than epoch 1");
    RandomFlip unseeded = new RandomFlip();
    var e = assertThrows(IllegalStateException.class, () -> images()
        .map((tf, el) -> el.with("x", unseeded.augmentImages(tf, el.get("x", TFloat32.class))))
        .toList());
    assertTrue(e.getMessage().contains("needs a seed"), e.getMessage());
  }

  static float[] flatten(float[][][] a) {
    float[] out = new float[a.length * a[0].length];
    for (int r = 0; r < a.length; r++)
      for (int c = 0; c < a[0].length; c++) out[r * a[0].length + c] = a[r][c][0];
    return out;
  }
}
