package io.tfweave.data.pipeline.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.pipeline.FeatureSpec;
import io.tfweave.data.pipeline.FeatureType;
import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.TfRecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * Explains TensorFlow's errors about TFRecords of {@code tf.train.Example}s: a feature that does not match the spec
 * (TensorFlow names the record, because the source passes {@code "<file> record <i>"} as its name), and, by reading the
 * files in Java, records that are not Examples or whose framing is damaged (for which TensorFlow names neither).
 */
final class RecordDiagnosis {
  private static final Pattern MISMATCH =
      Pattern.compile("Name: (.+) record (\\d+), Key: (.+?), Index: \\d+\\.\\s+(.+)");
  private static final Pattern MISSING = Pattern.compile(
      "Name: (.+) record (\\d+), Feature: (.+?) \\(data type: (\\w+)\\) is required but could not be found");
  private static final Pattern SIZE = Pattern.compile("Values size: (\\d+)");
  private static final Pattern TYPE =
      Pattern.compile("Data types don't match\\. Data type: (\\w+)");
  private static final String HINT =
      ". Fix the FeatureSpec, or skip such records with ignoreErrors()";

  private RecordDiagnosis() {}

  static RuntimeException explain(List<Path> files, FeatureSpec spec, RuntimeException e) {
    String msg = firstLine(e.getMessage());
    Matcher m = MISMATCH.matcher(msg);
    if (m.find()) {
      FeatureSpec.Feature f = spec.feature(m.group(3));
      String expected = f == null ? "" : " should be " + f.describe() + ", but";
      return new MalformedDataException(
          "Record " + m.group(2) + " of " + m.group(1) + " does not match the FeatureSpec: "
              + "feature '" + m.group(3) + "'" + expected + " the record holds " + found(m.group(4))
              + HINT,
          e);
    }
    m = MISSING.matcher(msg);
    if (m.find()) {
      FeatureSpec.Feature f = spec.feature(m.group(3));
      return new MalformedDataException(
          "Record " + m.group(2) + " of " + m.group(1) + " has no feature '" + m.group(3) + "'"
              + (f == null ? "" : " (the FeatureSpec expects " + f.describe() + ")") + HINT,
          e);
    }
    if (msg.contains("Could not parse example input")
        || msg.contains("corrupted record")
        || msg.contains("truncated record")
        || e.getClass().getSimpleName().equals("TFDataLossException")) {
      String found = scan(files, spec);
      if (found != null) return new MalformedDataException(found, e);
    }
    return null;
  }

  private static String found(String detail) {
    Matcher size = SIZE.matcher(detail);
    if (size.find()) return size.group(1) + " values";
    Matcher type = TYPE.matcher(detail);
    if (type.find()) {
      String t = type.group(1);
      return "a "
          + (t.equals("float") ? "float_list" : t.equals("int64") ? "int64_list" : "bytes_list")
          + " (" + t + ")";
    }
    return "something else (TensorFlow: " + detail + ")";
  }

  /** Reads the records in file order and describes the first that is damaged or does not match {@code spec}, or null. */
  static String scan(List<Path> files, FeatureSpec spec) {
    for (Path file : files) {
      try (TfRecordReader r = TfRecordReader.open(file)) {
        long i = 0;
        for (byte[] rec = r.next(); rec != null; rec = r.next(), i++) {
          Example ex;
          try {
            ex = Example.parseFrom(rec);
          } catch (InvalidProtocolBufferException pe) {
            return "Record " + i + " of " + file + " is not a serialized tf.train.Example ("
                + pe.getMessage() + ")" + HINT;
          }
          String bad = check(ex.getFeatures().getFeatureMap(), spec);
          if (bad != null)
            return "Record " + i + " of " + file + " does not match the FeatureSpec: " + bad + HINT;
        }
      } catch (CorruptFileException c) {
        return "TFRecord file is damaged: " + c.getMessage()
            + ". Rewrite the file, or skip its bad records with ignoreErrors()";
      } catch (IOException io) {
        return "Cannot read TFRecord file " + file + ": " + io.getMessage();
      }
    }
    return null;
  }

  private static String check(Map<String, Feature> features, FeatureSpec spec) {
    for (FeatureSpec.Feature f : spec.features()) {
      Feature v = features.get(f.name());
      if (v == null) {
        if (f.varLen()) continue;
        return "feature '" + f.name() + "' is missing (expected " + f.describe() + ")";
      }
      FeatureType t =
          switch (v.getKindCase()) {
            case FLOAT_LIST -> FeatureType.FLOAT;
            case INT64_LIST -> FeatureType.INT64;
            case BYTES_LIST -> FeatureType.BYTES;
            default -> null;
          };
      if (t == null && f.varLen()) continue;
      if (t != f.type()) {
        return "feature '" + f.name() + "' should be " + f.describe() + ", but the record holds "
            + (t == null ? "an empty feature" : "a " + t.listName());
      }
      long n =
          switch (t) {
            case FLOAT -> v.getFloatList().getValueCount();
            case INT64 -> v.getInt64List().getValueCount();
            case BYTES -> v.getBytesList().getValueCount();
          };
      if (!f.varLen() && n != f.size()) {
        return "feature '" + f.name() + "' should be " + f.describe() + ", but the record holds "
            + n + " values";
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
