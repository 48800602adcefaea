package io.tfweave.models;

import io.tfweave.layers.Layer;
import org.tensorflow.exceptions.TensorFlowException;

/** Re-throws native TensorFlow errors of a model's session run naming the layer whose op failed. */
final class NativeErrors {
  private NativeErrors() {}

  /** {@code e} renamed after the failing layer when it is a native error; other exceptions are returned unchanged. */
  static RuntimeException rename(Model model, RuntimeException e) {
    // Native errors: TensorFlowException and its siblings (TFInvalidArgumentException extends IllegalArgumentException).
    if (!(e instanceof TensorFlowException) && !e.getClass().getName().startsWith("org.tensorflow.exceptions.")) return e;
    String msg = String.valueOf(e.getMessage());
    for (Layer l : model.allLayers()) {
      if (l.name() != null && (msg.contains("{{node " + l.name() + "/") || msg.contains("node " + l.name() + "/"))) {
        return new IllegalStateException("Layer '" + l.name() + "' (" + l.className() + ") failed at run time: "
            + firstLine(msg), e);
      }
    }
    return new IllegalStateException("TensorFlow failed while running model '" + model.name() + "': " + firstLine(msg), e);
  }

  static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
