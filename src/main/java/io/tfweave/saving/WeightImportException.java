package io.tfweave.saving;

/** Thrown by a strict {@link WeightImport} when names or shapes do not match; nothing was loaded. */
public final class WeightImportException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient ImportReport report;

  WeightImportException(String message, ImportReport report) {
    super(message);
    this.report = report;
  }

  /** What the import found. */
  public ImportReport report() {
    return report;
  }
}
