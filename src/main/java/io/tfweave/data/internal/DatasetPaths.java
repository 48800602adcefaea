package io.tfweave.data.internal;

import java.nio.file.Path;

/** Resolves the default folders where datasets are looked for. */
public final class DatasetPaths {
  private DatasetPaths() {}

  /** Returns Keras's dataset cache, {@code $KERAS_HOME/datasets} or {@code ~/.keras/datasets}. */
  public static Path kerasDatasets() {
    String home = System.getenv("KERAS_HOME");
    Path base = home != null && !home.isEmpty()
        ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".keras");
    return base.resolve("datasets");
  }
}
