package io.tfweave.models;

import io.tfweave.internal.CheckpointState;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;

/** The errors of {@code loadWeights}: they name the checkpoint's files, the weight, expected and received, and the fix. */
final class RestoreErrors {
  private static final Pattern MISSING_KEY = Pattern.compile("Key (\\S+) not found in checkpoint");

  private RestoreErrors() {}

  /** A weight whose saved shape differs from the model's. */
  static IllegalArgumentException shapeMismatch(
      Path prefix, String weight, Shape expected, Shape received) {
    return new IllegalArgumentException(
        "Cannot load weights from " + CheckpointState.indexOf(prefix) + ": weight '" + weight
            + "' has shape " + dims(received) + " in the checkpoint, but the model expects "
            + dims(expected)
            + ". The checkpoint was saved from a different architecture: build the model it came from, or load it by name and "
            + "shape with WeightImport. No weight was changed.");
  }

  /** The checkpoint could not be read: a missing weight, or damaged files. */
  static RuntimeException unreadable(Path prefix, RuntimeException e) {
    Throwable native_ =
        e.getCause() != null && e instanceof IllegalStateException ? e.getCause() : e;
    String msg = NativeErrors.firstLine(String.valueOf(native_.getMessage()));
    Path index = CheckpointState.indexOf(prefix);
    Matcher m = MISSING_KEY.matcher(msg);
    if (m.find()) {
      return new IllegalArgumentException(
          "Cannot load weights from " + index + ": it has no weight '" + m.group(1)
              + "', which the model has. The checkpoint was saved from a different model; build that model, or load the "
              + "weights both share by name with WeightImport. No weight was changed.",
          e);
    }
    return new IllegalStateException(
        "Cannot load weights from " + index + " and its data file "
            + prefix
                .resolveSibling(prefix.getFileName() + ".data-00000-of-00001")
                .getFileName() + ": the checkpoint is damaged or "
            + "truncated (TensorFlow: " + msg
            + "). Save the weights again, or load an older checkpoint. No weight was changed.",
        e);
  }

  private static String dims(Shape s) {
    return java.util.Arrays.toString(s.asArray());
  }
}
