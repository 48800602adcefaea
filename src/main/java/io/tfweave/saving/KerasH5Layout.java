package io.tfweave.saving;

import io.tfweave.graph.Weight;
import io.tfweave.layers.Layer;
import io.tfweave.layers.recurrent.Bidirectional;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.SimpleRNN;
import io.tfweave.layers.recurrent.TimeDistributed;
import io.tfweave.models.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where Keras 3's {@code save_weights} puts each layer's variables in a {@code .weights.h5} file: the model's own
 * {@code vars} group, then {@code layers/<snake_case class name>[_<n>]/vars/<i>} for each layer in the model's layer order
 * (the n-th layer of a class gets the suffix {@code _n}, counted per container; a Sequential model lists no input layer,
 * a functional one does), {@code layers/lstm/cell/vars/<i>} for an RNN's cell, {@code
 * layers/bidirectional/forward_layer/cell/vars} and {@code .../backward_layer/...}, {@code
 * layers/time_distributed/layer/vars}, and nested models recursively. Variable
 * {@code i} is the layer's i-th weight, trainable ones first, as Keras orders them.
 */
final class KerasH5Layout {
  /** One {@code vars} group: its path and the weights it holds, in order. */
  record Entry(String path, Layer layer, List<Weight> weights) {}

  /** Keras layers whose variables sit in sub-objects that this layout does not describe yet. */
  private static final Set<String> UNSUPPORTED = Set.of("MultiHeadAttention", "SavedModelLayer");

  private KerasH5Layout() {}

  /** The groups of {@code model}, the root first. */
  static List<Entry> of(Network model) {
    List<Entry> out = new ArrayList<>();
    out.add(new Entry("vars", null, List.of()));
    container(model, "", out);
    return out;
  }

  private static void container(Network model, String prefix, List<Entry> out) {
    Map<String, Integer> used = new HashMap<>();
    for (Layer l : model.layers()) {
      String base = toSnakeCase(l.className());
      Integer n = used.get(base);
      used.put(base, n == null ? 0 : n + 1);
      layer(l, prefix + "layers/" + (n == null ? base : base + "_" + (n + 1)), out);
    }
  }

  /** The groups of one layer at {@code path}: its own {@code vars}, then those of its sub-objects as Keras names them. */
  private static void layer(Layer l, String path, List<Entry> out) {
    if (l instanceof Network nested) {
      out.add(new Entry(path + "/vars", l, List.of()));
      container(nested, path + "/", out);
    } else if (l instanceof LSTM || l instanceof GRU || l instanceof SimpleRNN) {
      out.add(new Entry(path + "/vars", l, List.of()));
      out.add(new Entry(path + "/cell/vars", l, l.weights()));
    } else if (l instanceof Bidirectional b) {
      // the wrapper owns the copies' weights: bidirectional/forward_lstm/kernel,
      // bidirectional/backward_lstm/...
      out.add(new Entry(path + "/vars", l, List.of()));
      for (Layer side : List.of(b.forwardLayer(), b.backwardLayer())) {
        String dir = side == b.forwardLayer() ? "/forward_layer" : "/backward_layer";
        List<Weight> own = l.weights().stream()
            .filter(w -> w.path().contains("/" + side.name() + "/"))
            .toList();
        out.add(new Entry(path + dir + "/vars", side, List.of()));
        out.add(new Entry(path + dir + "/cell/vars", side, own));
      }
    } else if (l instanceof TimeDistributed t) {
      out.add(new Entry(path + "/vars", l, List.of()));
      if (t.layer() instanceof Network
          || t.layer() instanceof Bidirectional
          || t.layer() instanceof TimeDistributed
          || t.layer() instanceof LSTM
          || t.layer() instanceof GRU
          || t.layer() instanceof SimpleRNN) {
        throw new UnsupportedOperationException(
            "Layer '" + l.name() + "' (TimeDistributed) wraps a "
                + t.layer().className()
                + "; tfweave reads and writes Keras's .weights.h5 layout for a TimeDistributed"
                + " layer with its own weights only (Dense, Conv2D, ...)");
      }
      out.add(new Entry(path + "/layer/vars", t.layer(), l.weights()));
    } else if (UNSUPPORTED.contains(l.className())) {
      throw new UnsupportedOperationException("Layer '" + l.name() + "' (" + l.className()
          + ") keeps its weights in sub-layers, whose place in Keras's"
          + " .weights.h5 layout tfweave does not write or read yet. Supported: layers with their own weights,"
          + " LSTM/GRU/SimpleRNN, Bidirectional, TimeDistributed and nested models. Use model.export(dir) and"
          + " WeightImport for this model.");
    } else {
      out.add(new Entry(path + "/vars", l, l.weights()));
    }
  }

  /** Keras's {@code naming.to_snake_case}: {@code BatchNormalization} → {@code batch_normalization}. */
  static String toSnakeCase(String name) {
    String s = name.replaceAll("\\W+", "");
    s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
