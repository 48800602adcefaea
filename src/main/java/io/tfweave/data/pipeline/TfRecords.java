package io.tfweave.data.pipeline;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tfweave.data.HostArray;
import io.tfweave.data.format.MalformedDataException;
import io.tfweave.formats.TfRecordReader;
import io.tfweave.formats.TfRecordWriter;
import io.tfweave.graph.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Writes and reads TFRecord files of {@code tf.train.Example}s (the framing is {@link TfRecordWriter}'s), readable by
 * {@link Pipeline#fromTfRecords} and Python's {@code tf.data.TFRecordDataset}. From arrays, sample {@code i} becomes one
 * Example with one feature per array: float32 arrays as {@code float_list}, int32 ones as {@code int64_list}, each sample
 * flattened row-major. Every file is written beside its target and renamed into place, so a crash never leaves a
 * half-written file under the final name.
 */
public final class TfRecords {
  private TfRecords() {}

  /** Writes one Example per sample of {@code features} (arrays with the same number of samples) to {@code file}. */
  public static Path writeExamples(Path file, Map<String, HostArray> features) {
    int n = samples(features);
    return write(file, () -> new java.util.Iterator<Example>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Example next() {
        return example(features, i++);
      }
    });
  }

  /**
   * Writes {@code features} as {@code numShards} files {@code prefix-00000-of-0000N.tfrecord} in {@code dir}, each holding
   * a contiguous range of samples (shard k holds samples {@code [k*n/N, (k+1)*n/N)}); returns them in order.
   */
  public static List<Path> writeShards(
      Path dir, String prefix, int numShards, Map<String, HostArray> features) {
    int n = samples(features);
    if (numShards <= 0)
      throw new IllegalArgumentException(
          "numShards must be a positive integer. Received: " + numShards);
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
    }
    for (int k = 0; k < numShards; k++) {
      int from = (int) ((long) k * n / numShards);
      int to = (int) ((long) (k + 1) * n / numShards);
      Map<String, HostArray> part = new LinkedHashMap<>();
      features.forEach((name, a) -> part.put(name, a.slice(from, to)));
      out.add(writeExamples(
          dir.resolve(String.format("%s-%05d-of-%05d.tfrecord", prefix, k, numShards)), part));
    }
    return out;
  }

  /** Writes {@code examples} to {@code file}, one record each. */
  public static Path write(Path file, Iterable<Example> examples) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try (TfRecordWriter w = TfRecordWriter.open(tmp)) {
        for (Example e : examples) w.write(e.toByteArray());
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The temporary file is left beside the target; the target itself is complete or
          // untouched.
        }
      }
    }
  }

  /** Reads every Example of {@code file}; fails naming the record that is damaged or not an Example. */
  public static List<Example> readExamples(Path file) {
    List<Example> out = new ArrayList<>();
    try (TfRecordReader r = TfRecordReader.open(file)) {
      for (byte[] rec = r.next(); rec != null; rec = r.next()) {
        try {
          out.add(Example.parseFrom(rec));
        } catch (InvalidProtocolBufferException e) {
          throw new MalformedDataException(
              "Record " + out.size() + " of " + file + " is not a serialized tf.train.Example: "
                  + e.getMessage(),
              e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return out;
  }

  /** Sample {@code i} of {@code features} as an Example. */
  public static Example example(Map<String, HostArray> features, int i) {
    Features.Builder fs = Features.newBuilder();
    for (Map.Entry<String, HostArray> e : features.entrySet()) {
      HostArray a = e.getValue();
      int per = a.sampleSize();
      Feature.Builder f = Feature.newBuilder();
      if (a.dtype() == DType.FLOAT32) {
        FloatList.Builder l = FloatList.newBuilder();
        for (int k = 0; k < per; k++) l.addValue(a.floats()[i * per + k]);
        f.setFloatList(l);
      } else {
        Int64List.Builder l = Int64List.newBuilder();
        for (int k = 0; k < per; k++) l.addValue(a.ints()[i * per + k]);
        f.setInt64List(l);
      }
      fs.putFeature(e.getKey(), f.build());
    }
    return Example.newBuilder().setFeatures(fs).build();
  }

  /** The spec that parses what {@link #writeExamples} writes for {@code features}: one fixed-length feature per array. */
  public static FeatureSpec specOf(Map<String, HostArray> features) {
    FeatureSpec s = FeatureSpec.create();
    for (Map.Entry<String, HostArray> e : features.entrySet()) {
      HostArray a = e.getValue();
      s = s.fixedLen(
          e.getKey(),
          a.dtype() == DType.FLOAT32 ? FeatureType.FLOAT : FeatureType.INT64,
          a.sampleShape().asArray());
    }
    return s;
  }

  private static int samples(Map<String, HostArray> features) {
    if (features.isEmpty())
      throw new IllegalArgumentException("Examples need at least one feature array");
    int n = -1;
    for (Map.Entry<String, HostArray> e : features.entrySet()) {
      if (n >= 0 && e.getValue().length() != n) {
        throw new IllegalArgumentException(
            "All feature arrays must have the same number of samples; '" + e.getKey() + "' has "
                + e.getValue().length() + ", the first has " + n);
      }
      n = e.getValue().length();
    }
    return n;
  }
}
