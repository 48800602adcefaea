package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class ImageHelpersTest {
  @Test
  void channelNormalizationStandardizesEachChannel() {
    // 2 images of 1x2 pixels with 2 channels: channel 0 = 1,3,5,7; channel 1 = 10,10,10,10
    float[] x = {1, 10, 3, 10, 5, 10, 7, 10};
    ChannelNormalization n = ChannelNormalization.fit(HostArray.ofFloats(x, 2, 1, 2, 2));
    assertArrayEquals(new double[] {4, 10}, n.mean(), 1e-12);
    assertEquals(Math.sqrt(5), n.std()[0], 1e-12);
    assertEquals(ChannelNormalization.MIN_STD, n.std()[1]);
    HostArray y = n.apply(HostArray.ofFloats(x, 2, 1, 2, 2));
    assertArrayEquals(new long[] {2, 1, 2, 2}, y.shape().asArray());
    assertEquals((1 - 4) / Math.sqrt(5), y.floats()[0], 1e-6);
    assertEquals(0, y.floats()[1], 1e-6);
    ChannelNormalization imagenet =
        ChannelNormalization.of(new double[] {0.5}, new double[] {0.25});
    assertArrayEquals(new float[] {-2, 2}, imagenet.apply(new float[] {0, 1}));
    var e = assertThrows(
        IllegalArgumentException.class, () -> n.apply(HostArray.ofFloats(new float[3], 1, 3)));
    assertTrue(e.getMessage().contains("images have 3 channels"), e.getMessage());
  }

  @Test
  void oneHotRoundTrip() {
    int[] labels = {2, 0, 1};
    float[] enc = OneHot.encode(labels, 3);
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, enc);
    assertArrayEquals(labels, OneHot.argmax(enc, 3));
    assertArrayEquals(
        labels, OneHot.argmax(NdArrays.wrap(Shape.of(3, 3), DataBuffers.of(enc, false, false))));
    HostArray h = OneHot.encode(HostArray.ofFloats(new float[] {1, 0}, 2), 2);
    assertArrayEquals(new long[] {2, 2}, h.shape().asArray());
    var e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {3}, 3));
    assertTrue(e.getMessage().contains("Label 3 at index 0 is outside [0, 3)"), e.getMessage());
  }
}
