package io.tfweave.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads numeric CSV files: one instance per row, an optional header row, and History CSVs for plotting. */
final class CsvArrays {
  private CsvArrays() {}

  /** Rows of numbers as a {@code [rows, columns]} array; a first row with a non-numeric cell is taken as a header. */
  static NumericArray readRows(Path file) {
    List<CSVRecord> records = records(file, "CSV file");
    List<double[]> rows = new ArrayList<>();
    int columns = -1;
    for (CSVRecord r : records) {
      if (r.size() == 1 && r.get(0).isBlank()) continue;
      if (rows.isEmpty() && columns < 0 && !numeric(r)) {
        columns = r.size();
        continue;
      }
      if (columns >= 0 && r.size() != columns) {
        throw new CliException("CSV file '" + file + "' line " + r.getRecordNumber() + " has "
            + r.size() + " values, but the rows before it have " + columns);
      }
      columns = r.size();
      double[] row = new double[r.size()];
      for (int i = 0; i < r.size(); i++) row[i] = number(r, i, file);
      rows.add(row);
    }
    if (rows.isEmpty()) throw new CliException("CSV file '" + file + "' has no data rows");
    double[] all = new double[rows.size() * columns];
    for (int i = 0; i < rows.size(); i++)
      System.arraycopy(rows.get(i), 0, all, i * columns, columns);
    return new NumericArray(new long[] {rows.size(), columns}, all);
  }

  /**
   * A History CSV ({@code epoch,loss,...} as {@code History.writeCsv} writes it) as series by column, without the
   * {@code epoch} column; empty cells and {@code NaN} are NaN.
   */
  static Map<String, List<Double>> readHistory(Path file) {
    List<CSVRecord> records = records(file, "history CSV");
    if (records.isEmpty())
      throw new CliException(
          "history CSV '" + file + "' is empty: expected a header like epoch,loss,...");
    CSVRecord header = records.get(0);
    if (numeric(header)) {
      throw new CliException("history CSV '" + file
          + "' has no header row: expected column names like epoch,loss,val_loss");
    }
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (String name : header) if (!name.equals("epoch")) series.put(name, new ArrayList<>());
    if (series.isEmpty())
      throw new CliException("history CSV '" + file + "' has no metric columns besides 'epoch'");
    for (CSVRecord r : records.subList(1, records.size())) {
      if (r.size() == 1 && r.get(0).isBlank()) continue;
      if (r.size() != header.size()) {
        throw new CliException("history CSV '" + file + "' line " + r.getRecordNumber() + " has "
            + r.size() + " values, but the header has " + header.size() + " columns");
      }
      for (int i = 0; i < header.size(); i++) {
        List<Double> s = series.get(header.get(i));
        if (s != null && !header.get(i).equals("epoch"))
          s.add(r.get(i).isBlank() ? Double.NaN : number(r, i, file));
      }
    }
    if (series.values().iterator().next().isEmpty())
      throw new CliException("history CSV '" + file + "' has no epochs");
    return series;
  }

  private static List<CSVRecord> records(Path file, String what) {
    CliFiles.inputFile(file, what);
    try (Reader in = Files.newBufferedReader(file)) {
      return CSVFormat.DEFAULT
          .builder()
          .setIgnoreSurroundingSpaces(true)
          .build()
          .parse(in)
          .getRecords();
    } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
      throw new CliException("could not read " + what + " '" + file + "': " + e.getMessage(), e);
    }
  }

  private static boolean numeric(CSVRecord r) {
    for (String v : r) {
      try {
        Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static double number(CSVRecord r, int i, Path file) {
    try {
      return Double.parseDouble(r.get(i));
    } catch (NumberFormatException e) {
      throw new CliException("CSV file '" + file + "' line " + r.getRecordNumber() + " column "
          + (i + 1) + " is not a number: '" + r.get(i) + "'");
    }
  }
}
