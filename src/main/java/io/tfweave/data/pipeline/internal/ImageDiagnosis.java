package io.tfweave.data.pipeline.internal;

import io.tfweave.data.ImageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Finds the file of an image folder that TensorFlow could not decode (its error does not name it): first by the files'
 * leading bytes (JPEG, PNG, GIF, BMP signatures), then by decoding each with the same op in a scratch graph.
 */
final class ImageDiagnosis {
  private ImageDiagnosis() {}

  /** Describes the first file that is not a decodable image, or null. */
  static String firstBad(ImageFiles images, int channels) {
    for (int i = 0; i < images.files().size(); i++) {
      Path f = images.files().get(i);
      String kind = signature(f);
      if (kind != null)
        return "File " + f + " (class '"
            + images.classNames().get(images.labels().get(i)) + "') " + kind;
    }
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TString> name = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      var decoded = tf.image.decodeImage(
          tf.io.readFile(name),
          TUint8.class,
          DecodeImage.channels((long) channels),
          DecodeImage.expandAnimations(false));
      for (int i = 0; i < images.files().size(); i++) {
        Path f = images.files().get(i);
        try (TString t = TString.scalarOf(f.toString())) {
          s.runner().feed(name, t).fetch(decoded).run().close();
        } catch (RuntimeException e) {
          return "File " + f + " (class '"
              + images.classNames().get(images.labels().get(i)) + "') cannot be decoded: "
              + firstLine(e.getMessage());
        }
      }
    }
    return null;
  }

  /** Why {@code f} is not an image by its first bytes, or null when it looks like one. */
  private static String signature(Path f) {
    byte[] b;
    try (InputStream in = Files.newInputStream(f)) {
      b = in.readNBytes(8);
    } catch (IOException e) {
      return "cannot be read: " + e.getMessage();
    }
    boolean jpeg =
        b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    boolean png =
        b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    boolean gif = b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8';
    boolean bmp = b.length >= 2 && b[0] == 'B' && b[1] == 'M';
    if (jpeg || png || gif || bmp) return null;
    StringBuilder hex = new StringBuilder();
    for (byte x : b) hex.append(String.format("%02x ", x & 0xff));
    return "is not a JPEG, PNG, GIF or BMP image (it starts with "
        + hex.toString().trim() + ")";
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
