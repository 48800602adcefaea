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

  private ExportOptions(boolean overwrite, Map<String, Object> metadata) {
    this.overwrite = overwrite;
    this.metadata = metadata;
  }

  /** No overwrite, no extra metadata. */
  public static ExportOptions defaults() {
    return new ExportOptions(false, Map.of());
  }

  /** Whether an existing directory is replaced (atomically, after the new export is complete); default false. */
  public ExportOptions overwrite(boolean b) {
    return new ExportOptions(b, metadata);
  }

  /** Adds one provenance entry (a string, number, boolean, list or map) under {@code provenance.metadata}. */
  public ExportOptions metadata(String key, Object value) {
    if (key == null || key.isEmpty())
      throw new IllegalArgumentException("metadata key must be a non-empty string");
    Map<String, Object> m = new LinkedHashMap<>(metadata);
    m.put(key, value);
    return new ExportOptions(overwrite, Collections.unmodifiableMap(m));
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
