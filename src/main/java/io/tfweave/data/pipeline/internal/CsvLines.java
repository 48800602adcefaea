package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.CsvOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CSV lines read in Java: the header, and the search for the line TensorFlow's {@code DecodeCSV} could not decode. */
final class CsvLines {
  private CsvLines() {}

  /** The fields of one line, with RFC 4180 quotes ({@code "a,b"} is one field, {@code ""} an escaped quote). */
  static List<String> split(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == delimiter) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /** Describes the first line of {@code files} that does not decode as the source reads it, or null. */
  static String findBadLine(
      List<Path> files, CsvOptions o, List<String> names, int label, List<Integer> features) {
    int columns = names.size();
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        int n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          n++;
          if (n == 1 && o.header()) continue;
          List<String> fields = split(line, o.delimiter());
          if (fields.size() != columns) {
            return "Line " + n + " of " + f + " has " + fields.size() + " fields, but the file has "
                + columns + " columns";
          }
          for (int c = 0; c < columns; c++) {
            if (c != label && !features.contains(c)) continue;
            String v = fields.get(c).trim();
            if (v.isEmpty()) {
              if (o.defaultValue() == null) {
                return "Line " + n + " of " + f + " has an empty field in column " + (c + 1) + " ('"
                    + names.get(c) + "'); set CsvOptions.defaultValue" + " to fill empty fields";
              }
              continue;
            }
            try {
              Float.parseFloat(v);
            } catch (NumberFormatException e) {
              return "Line " + n + " of " + f + ": column " + (c + 1) + " ('" + names.get(c)
                  + "') holds '" + v + "', which is not a number";
            }
          }
        }
      } catch (IOException e) {
        return "Cannot read CSV file " + f + ": " + e.getMessage();
      }
    }
    return null;
  }
}
