package io.tfweave.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Per-epoch logs of a {@code fit} run (Keras's {@code History}): {@code history.get("val_loss")}. */
public final class History {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> values = new LinkedHashMap<>();

  /** Appends one epoch's logs. */
  public void append(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      List<Double> l = values.computeIfAbsent(
          e.getKey(), k -> new ArrayList<>(Collections.nCopies(epochs.size() - 1, Double.NaN)));
      l.add(e.getValue());
    }
    for (List<Double> l : values.values()) while (l.size() < epochs.size()) l.add(Double.NaN);
  }

  /** The epochs (0-based) recorded. */
  public List<Integer> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** All series by log key, in insertion order. */
  public Map<String, List<Double>> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** One series; fails listing the available keys. */
  public List<Double> get(String key) {
    List<Double> l = values.get(key);
    if (l == null)
      throw new IllegalArgumentException(
          "No history for '" + key + "'. Available: " + values.keySet());
    return Collections.unmodifiableList(l);
  }

  /** The last value of a series. */
  public double last(String key) {
    List<Double> l = get(key);
    return l.get(l.size() - 1);
  }

  /** The number of epochs run. */
  public int size() {
    return epochs.size();
  }

  /** Writes {@code epoch,loss,...} rows (the format of Keras's CSVLogger). */
  public void writeCsv(Path file) {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(file), CSVFormat.DEFAULT)) {
        List<Object> header = new ArrayList<>();
        header.add("epoch");
        header.addAll(values.keySet());
        p.printRecord(header);
        for (int i = 0; i < epochs.size(); i++) {
          List<Object> row = new ArrayList<>();
          row.add(epochs.get(i));
          for (List<Double> l : values.values())
            row.add(String.format(Locale.ROOT, "%.8g", l.get(i)));
          p.printRecord(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write history to " + file, e);
    }
  }

  @Override
  public String toString() {
    return "History" + values;
  }
}
