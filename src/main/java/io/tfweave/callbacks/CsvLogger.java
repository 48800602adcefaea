package io.tfweave.callbacks;

import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Streams epoch results to a CSV file (Keras's {@code CSVLogger}): header {@code epoch,loss,...}, one row per epoch. */
public final class CsvLogger implements Callback {
  private final Path file;
  private boolean append;
  private CSVPrinter printer;
  private List<String> keys;

  /** Writes to {@code file}. */
  public CsvLogger(Path file) {
    this.file = file;
  }

  /** Appends to an existing file instead of overwriting it (default false). */
  public CsvLogger append(boolean a) {
    this.append = a;
    return this;
  }

  /** Writes files: in multi-worker training only the chief runs it. */
  @Override
  public boolean chiefOnly() {
    return true;
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      boolean existing = append && Files.exists(file) && Files.size(file) > 0;
      BufferedWriter w = append
          ? Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
          : Files.newBufferedWriter(file);
      printer = new CSVPrinter(w, CSVFormat.DEFAULT);
      keys = existing ? null : new ArrayList<>();
      if (existing) keys = readHeader();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger cannot open " + file, e);
    }
  }

  private List<String> readHeader() throws IOException {
    String first = Files.readAllLines(file).get(0);
    List<String> k = new ArrayList<>(List.of(first.split(",")));
    k.remove(0);
    return k;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    try {
      if (keys.isEmpty()) {
        keys.addAll(logs.keySet());
        List<String> header = new ArrayList<>();
        header.add("epoch");
        header.addAll(keys);
        printer.printRecord(header);
      }
      List<Object> row = new ArrayList<>();
      row.add(epoch);
      for (String k : keys)
        row.add(logs.containsKey(k) ? String.format(Locale.ROOT, "%.8g", logs.get(k)) : "NA");
      printer.printRecord(row);
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger cannot write " + file, e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      if (printer != null) printer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    printer = null;
  }
}
