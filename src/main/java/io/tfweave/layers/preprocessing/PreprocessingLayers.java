package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Registers the preprocessing and augmentation layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class PreprocessingLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    Map<String, Function<Map<String, Object>, Layer>> m = new LinkedHashMap<>();
    m.put("Normalization", Normalization::fromConfig);
    m.put("Discretization", Discretization::fromConfig);
    m.put("CategoryEncoding", CategoryEncoding::fromConfig);
    m.put("TextVectorization", TextVectorization::fromConfig);
    m.put("StringLookup", StringLookup::fromConfig);
    m.put("IntegerLookup", IntegerLookup::fromConfig);
    m.put("Hashing", Hashing::fromConfig);
    m.put("Rescaling", Rescaling::fromConfig);
    m.put("Resizing", Resizing::fromConfig);
    m.put("RandomFlip", RandomFlip::fromConfig);
    m.put("RandomRotation", RandomRotation::fromConfig);
    m.put("RandomZoom", RandomZoom::fromConfig);
    m.put("RandomTranslation", RandomTranslation::fromConfig);
    m.put("RandomContrast", RandomContrast::fromConfig);
    m.put("RandomCrop", RandomCrop::fromConfig);
    m.put("RandomResizedCrop", RandomResizedCrop::fromConfig);
    return m;
  }
}
