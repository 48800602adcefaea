package io.tfweave.data;

import io.tfweave.data.format.MalformedDataException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * A CSV file held in memory as named text columns, with typed access to numeric and date
 * columns, read with Apache Commons CSV.
 *
 * <p>The first row is the header. Fields are trimmed; a UTF-8 byte-order mark is ignored.
 * Numeric columns parse with {@link Double#parseDouble}, an empty field or {@code NA} /
 * {@code NaN} / {@code null} (any case) becoming {@code NaN}. Date columns accept
 * {@code yyyy-MM-dd}, {@code yyyy/MM/dd} and ISO date-times (keeping the date), or any
 * {@link DateTimeFormatter} you pass.
 */
public final class CsvTable {
  private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.ofPattern("uuuu/MM/dd"),
      DateTimeFormatter.ISO_LOCAL_DATE_TIME, DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]"));

  private final String source;
  private final List<String> names;
  private final String[][] columns;

  private CsvTable(String source, List<String> names, String[][] columns) {
    this.source = source;
    this.names = List.copyOf(names);
    this.columns = columns;
  }

  /** Reads the comma-separated file at {@code path}, whose first row names the columns. */
  public static CsvTable read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MalformedDataException(
          path + ": the CSV file is not UTF-8 text (" + e.getMessage() + "). Save it as UTF-8.", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read CSV " + path + ": " + e.getMessage(), e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    CSVFormat format = CSVFormat.DEFAULT
        .builder()
        .setHeader()
        .setSkipHeaderRecord(true)
        .setTrim(true)
        .setIgnoreEmptyLines(true)
        .build();
    try (Reader reader = new StringReader(text);
        CSVParser parser = format.parse(reader)) {
      List<String> names = parser.getHeaderNames();
      if (names.isEmpty()) {
        throw new MalformedDataException(path + ": the CSV file has no header row");
      }
      List<CSVRecord> records = parser.getRecords();
      String[][] columns = new String[names.size()][records.size()];
      for (int r = 0; r < records.size(); r++) {
        CSVRecord rec = records.get(r);
        if (rec.size() != names.size()) {
          throw new MalformedDataException(path + ": row " + (r + 1) + " (line "
              + (rec.getRecordNumber() + 1) + ") has " + rec.size() + " fields but the header"
              + " has " + names.size() + " columns " + names);
        }
        for (int c = 0; c < names.size(); c++) {
          columns[c][r] = rec.get(c);
        }
      }
      return new CsvTable(path.toString(), names, columns);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new MalformedDataException(path + ": invalid CSV: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      // Commons CSV reports a quote left open at the end of the file this way
      throw new MalformedDataException(
          path + ": invalid CSV: " + e.getCause().getMessage()
              + ". Hint: a quoted field is not closed; the file may be cut short.",
          e);
    }
  }

  /** Returns the column names, in file order. */
  public List<String> columnNames() {
    return names;
  }

  /** Returns the number of data rows (the header excluded). */
  public int rowCount() {
    return columns.length == 0 ? 0 : columns[0].length;
  }

  /** Returns a table with only {@code columns}, in the order given. */
  public CsvTable select(String... columns) {
    String[][] picked = new String[columns.length][];
    for (int i = 0; i < columns.length; i++) {
      picked[i] = this.columns[index(columns[i])];
    }
    return new CsvTable(source, Arrays.asList(columns), picked);
  }

  /** Returns the raw (trimmed) text of a column. */
  public List<String> strings(String column) {
    return List.of(columns[index(column)]);
  }

  /** Parses a column as numbers; empty, {@code NA}, {@code NaN} and {@code null} give NaN. */
  public double[] doubles(String column) {
    String[] text = columns[index(column)];
    double[] out = new double[text.length];
    for (int r = 0; r < text.length; r++) {
      String v = text[r];
      String lower = v.toLowerCase(Locale.ROOT);
      if (v.isEmpty() || lower.equals("na") || lower.equals("nan") || lower.equals("null")) {
        out[r] = Double.NaN;
        continue;
      }
      try {
        out[r] = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new MalformedDataException(source + ": column '" + column + "' row " + (r + 1)
            + " should be a number but is \"" + v + "\"");
      }
    }
    return out;
  }

  /** Parses columns as numbers into {@code [rowCount][columns.length]} floats. */
  public float[][] floats(String... columns) {
    float[][] out = new float[rowCount()][columns.length];
    for (int c = 0; c < columns.length; c++) {
      double[] values = doubles(columns[c]);
      for (int r = 0; r < values.length; r++) {
        out[r][c] = (float) values[r];
      }
    }
    return out;
  }

  /** Parses columns as numbers into a {@code [rowCount, columns.length]} array. */
  public FloatNdArray toFloatNdArray(String... columns) {
    int rows = rowCount();
    float[] flat = new float[rows * columns.length];
    for (int c = 0; c < columns.length; c++) {
      double[] values = doubles(columns[c]);
      for (int r = 0; r < rows; r++) {
        flat[r * columns.length + c] = (float) values[r];
      }
    }
    return NdArrays.wrap(Shape.of(rows, columns.length), DataBuffers.of(flat, false, false));
  }

  /** Parses a column of {@code yyyy-MM-dd}, {@code yyyy/MM/dd} or ISO date-time values. */
  public LocalDate[] dates(String column) {
    String[] text = columns[index(column)];
    LocalDate[] out = new LocalDate[text.length];
    for (int r = 0; r < text.length; r++) {
      out[r] = parseDate(text[r], column, r);
    }
    return out;
  }

  /** Parses a column of dates with {@code format}, e.g. {@code ofPattern("dd.MM.uuuu")}. */
  public LocalDate[] dates(String column, DateTimeFormatter format) {
    String[] text = columns[index(column)];
    LocalDate[] out = new LocalDate[text.length];
    for (int r = 0; r < text.length; r++) {
      try {
        out[r] = LocalDate.from(format.parse(text[r]));
      } catch (DateTimeParseException e) {
        throw new MalformedDataException(
            source + ": column '" + column + "' row " + (r + 1)
                + " should be a date in the given format but is \"" + text[r] + "\"",
            e);
      }
    }
    return out;
  }

  private LocalDate parseDate(String v, String column, int row) {
    for (DateTimeFormatter f : DATE_FORMATS) {
      try {
        return LocalDate.from(f.parse(v));
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    throw new MalformedDataException(source + ": column '" + column + "' row " + (row + 1)
        + " should be a date (yyyy-MM-dd, yyyy/MM/dd or an ISO date-time) but is \"" + v
        + "\"; pass a DateTimeFormatter to dates(column, format) for other layouts");
  }

  private int index(String column) {
    int i = names.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Column '" + column + "' not found in " + source + ". Available columns: " + names);
    }
    return i;
  }
}
