package io.tfweave.data.pipeline;

import java.util.List;

/**
 * How {@link Pipeline#fromCsv} reads numeric CSV files (Keras's {@code tf.data.experimental.make_csv_dataset} options):
 * a header line (default on), the field delimiter (default {@code ,}), column names when there is no header, the label
 * column, the feature columns, and the value of empty fields. Quoted fields are read as in RFC 4180. Immutable: each method
 * returns new options.
 *
 * <pre>{@code
 * CsvOptions.defaults().label("price").selectColumns("rooms", "area").defaultValue(0f)
 * }</pre>
 */
public final class CsvOptions {
  private final boolean header;
  private final char delimiter;
  private final List<String> columnNames;
  private final String label;
  private final List<String> selectColumns;
  private final Float defaultValue;

  private CsvOptions(
      boolean header,
      char delimiter,
      List<String> columnNames,
      String label,
      List<String> selectColumns,
      Float defaultValue) {
    this.header = header;
    this.delimiter = delimiter;
    this.columnNames = columnNames;
    this.label = label;
    this.selectColumns = selectColumns;
    this.defaultValue = defaultValue;
  }

  /** A header line, comma-separated, no label, every column a feature, empty fields an error. */
  public static CsvOptions defaults() {
    return new CsvOptions(true, ',', null, null, null, null);
  }

  /** Whether the first line of each file names the columns (default true); it is skipped either way. */
  public CsvOptions header(boolean h) {
    return new CsvOptions(h, delimiter, columnNames, label, selectColumns, defaultValue);
  }

  /** The field delimiter (default {@code ,}). */
  public CsvOptions delimiter(char d) {
    if (d == '"' || d == '\n' || d == '\r')
      throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
    return new CsvOptions(header, d, columnNames, label, selectColumns, defaultValue);
  }

  /** The column names, in file order (overrides the header's; needed to name columns of a file without a header). */
  public CsvOptions columnNames(String... names) {
    return new CsvOptions(header, delimiter, List.of(names), label, selectColumns, defaultValue);
  }

  /** The column that holds the label: it becomes the component {@code y} (a float32 scalar per row). */
  public CsvOptions label(String column) {
    return new CsvOptions(header, delimiter, columnNames, column, selectColumns, defaultValue);
  }

  /** The feature columns, in this order, that make up the component {@code x} (default: every column but the label). */
  public CsvOptions selectColumns(String... columns) {
    return new CsvOptions(header, delimiter, columnNames, label, List.of(columns), defaultValue);
  }

  /** The value of an empty field (default: an empty field is an error naming the file and line). */
  public CsvOptions defaultValue(float v) {
    return new CsvOptions(header, delimiter, columnNames, label, selectColumns, v);
  }

  /** True when the first line is a header. */
  public boolean header() {
    return header;
  }

  /** The field delimiter. */
  public char delimiter() {
    return delimiter;
  }

  /** The column names given, or null (then the header's, or {@code c0, c1, ...}). */
  public List<String> columnNames() {
    return columnNames;
  }

  /** The label column, or null. */
  public String label() {
    return label;
  }

  /** The feature columns given, or null (every column but the label). */
  public List<String> selectColumns() {
    return selectColumns;
  }

  /** The value of an empty field, or null when empty fields are errors. */
  public Float defaultValue() {
    return defaultValue;
  }
}
