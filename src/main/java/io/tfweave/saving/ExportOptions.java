package io.tfweave.saving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of {@link SavedModelExporter}: whether an existing export may be replaced, and extra provenance entries written to
 * {@code assets/model.json} (for example the data set a model was trained on).
 *
 * <pre>{@code
 * SavedModelExporter.export(model, dir, ExportOptions.defaults().overwrite(true).metadata("dataset", "fashion-mnist 0-4"));
 * }</pre>
 */
public final class ExportOptions {
  /** The signature key TF Serving calls by default. */
  public static final String SIGNATURE_KEY_DEFAULT = "serving_default";
  /** The method name of a TF Serving predict signature. */
  public static final String METHOD_NAME_PREDICT = "tensorflow/serving/predict";
  /** The meta graph tag TF Serving loads. */
  public static final String TAG_SERVE = "serve";

  private final boolean overwrite;
  private final Map<String, Object> metadata;
  private final boolean portable;

  private ExportOptions(boolean overwrite, Map<String, Object> metadata, boolean portable) {
    this.overwrite = overwrite;
    this.metadata = metadata;
    this.portable = portable;
  }

  /** No overwrite, no extra metadata, TensorFlow's fused kernels where a layer has one. */
  public static ExportOptions defaults() {
    return new ExportOptions(false, Map.of(), false);
  }

  /** Whether an existing directory is replaced (atomically, after the new export is complete); default false. */
  public ExportOptions overwrite(boolean b) {
    return new ExportOptions(b, metadata, portable);
  }

  /**
   * Whether the export uses only ops the TFLite converter accepts (default false): LSTMs are unrolled over their time steps
   * instead of running TensorFlow's fused {@code BlockLSTMV2} kernel, which is neither a TFLite builtin nor a Flex op. The
   * outputs are the same (to float rounding); TF Serving runs the fused kernel faster on long sequences, so turn this on
   * for exports meant for {@code tf.lite.TFLiteConverter}. Other layers are portable either way.
   */
  public ExportOptions portable(boolean b) {
    return new ExportOptions(overwrite, metadata, b);
  }

  /** True when the export is built from portable ops only (see {@link #portable(boolean)}). */
  public boolean portable() {
    return portable;
  }

  /** Adds one provenance entry (a string, number, boolean, list or map) under {@code provenance.metadata}. */
  public ExportOptions metadata(String key, Object value) {
    if (key == null || key.isEmpty())
      throw new IllegalArgumentException("metadata key must be a non-empty string");
    Map<String, Object> m = new LinkedHashMap<>(metadata);
    m.put(key, value);
    return new ExportOptions(overwrite, Collections.unmodifiableMap(m), portable);
  }

  /** True when an existing export may be replaced. */
  public boolean overwrite() {
    return overwrite;
  }

  /** The extra provenance entries. */
  public Map<String, Object> metadata() {
    return metadata;
  }
}
