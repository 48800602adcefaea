package io.tfweave.models;

import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine-tuning helpers: freeze a model's layers up to a given layer, or everything before it, with nested models (a
 * pretrained base inside a new model) searched too. For single layers use {@code model.layer(name).setTrainable(false)},
 * for the whole model {@code model.setTrainable(false)} (it cascades).
 *
 * <p>Changes take effect at the next {@code compile}: the training graph is rebuilt over the weights trainable then (with a
 * fresh optimizer state). A frozen BatchNormalization layer uses its moving statistics even while the rest of the model
 * trains (Keras's rule; the layer decides this itself). {@code fit} on a model with nothing trainable fails with an error
 * saying so.
 */
public final class Freezing {
  private Freezing() {}

  /** Freezes every layer up to and including {@code layerName} (graph order, nested models expanded); later layers train. */
  public static void freezeUpTo(Model model, String layerName) {
    split(model, index(model, layerName) + 1);
  }

  /** Freezes every layer before {@code layerName}; it and every later layer train. */
  public static void unfreezeFrom(Model model, String layerName) {
    split(model, index(model, layerName));
  }

  /** The names of the layers (nested models expanded, containers excluded) that currently have trainable weights. */
  public static List<String> trainableLayerNames(Model model) {
    List<String> out = new ArrayList<>();
    for (Layer l : model.allLayers()) {
      if (!(l instanceof Model)
          && !l.trainableWeights().isEmpty()
          && model.trainableWeights().containsAll(l.trainableWeights())) {
        out.add(l.name());
      }
    }
    return out;
  }

  /** Layers at positions below {@code cut} are frozen, the others trainable; containers stay trainable. */
  private static void split(Model model, int cut) {
    model.setTrainable(true);
    List<Layer> all = model.allLayers();
    for (int i = 0; i < cut; i++) {
      Layer l = all.get(i);
      if (!(l instanceof Model) && !(l instanceof Input)) l.setTrainable(false);
    }
  }

  private static int index(Model model, String layerName) {
    List<Layer> all = model.allLayers();
    for (int i = 0; i < all.size(); i++) if (layerName.equals(all.get(i).name())) return i;
    throw new IllegalArgumentException(
        "Model '" + model.name() + "' has no layer '" + layerName + "' (nested models "
            + "included). Layers: " + all.stream().map(Layer::name).toList());
  }
}
