package io.tfweave.saving;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells optimizer and metric state from model weights in files that Keras, tf_keras and tfweave write after training,
 * so that a weight import ignores it (and lists it apart) instead of counting it as unused weights.
 *
 * <p>In an object graph a variable is state when it can be reached from the root only through an optimizer or metrics
 * child ({@code optimizer}, {@code keras_api/metrics}, {@code _metrics}, {@code _loss_tracker}, ...); a model weight is
 * also reachable through the layers, even where the checkpoint's first path runs through {@code
 * optimizer/_trainable_variables/N}. By name (TF1 name-based checkpoints, and as a second test everywhere): a first
 * segment naming an optimizer ({@code Adam/m/dense/kernel}, {@code adam/dense_kernel_momentum}), tfweave's {@code
 * optimizer/*} and {@code loss_scale/*}, a last segment {@code iteration}, {@code iterations}, {@code learning_rate},
 * {@code save_counter} or {@code random_step}, and a scalar {@code total} or {@code count} (a metric's accumulators, e.g.
 * {@code loss/total}).
 */
final class TrainingState {
  private static final Set<String> STATE_CHILDREN = Set.of(
      "optimizer",
      "_optimizer",
      "metrics",
      "_metrics",
      "compiled_metrics",
      "_compiled_metrics",
      "compile_metrics",
      "_compile_metrics",
      "compiled_loss",
      "_compile_loss",
      "loss_tracker",
      "_loss_tracker",
      "_tracker",
      "save_counter");

  private static final Pattern OPTIMIZER_PREFIX = Pattern.compile(
      "(adam|adamw|sgd|rmsprop|adagrad|adadelta|adamax|nadam|ftrl|lion|lamb|adafactor"
          + "|loss_scale_optimizer|lossscaleoptimizer|optimizer|loss_scale)(_\\d+)?");

  private static final Set<String> STATE_LEAVES =
      Set.of("iteration", "iterations", "learning_rate", "save_counter", "random_step");

  private static final Set<String> RNN_CELLS =
      Set.of("lstm_cell", "gru_cell", "simple_rnn_cell", "conv_lstm_cell");

  private TrainingState() {}

  /** Whether an object-graph child of this local name holds optimizer or metric state. */
  static boolean isStateChild(String localName) {
    return STATE_CHILDREN.contains(localName);
  }

  /** Whether a variable named {@code name} (a scalar when {@code scalar}) is optimizer or metric state. */
  static boolean byName(String name, boolean scalar) {
    String[] parts = name.split("/");
    String first = parts[0].toLowerCase(Locale.ROOT);
    String last = parts[parts.length - 1].replaceFirst(":\\d+$", "");
    if (parts.length > 1 && OPTIMIZER_PREFIX.matcher(first).matches()) return true;
    if (name.contains(".OPTIMIZER_SLOT")) return true;
    if (STATE_LEAVES.contains(last)) return true;
    return scalar && (last.equals("total") || last.equals("count"));
  }

  /** Whether a variable-name segment is a Keras RNN cell ({@code lstm_cell}, {@code gru_cell_1}, ...). */
  static boolean isRnnCellName(String segment) {
    return RNN_CELLS.contains(segment.replaceFirst("_\\d+$", ""));
  }

  /** Whether a Keras class name is an RNN cell's ({@code LSTMCell}, {@code GRUCell}, {@code SimpleRNNCell}). */
  static boolean isRnnCellClass(String className) {
    return className.endsWith("Cell")
        && (className.contains("RNN") || className.contains("LSTM") || className.contains("GRU"));
  }
}
