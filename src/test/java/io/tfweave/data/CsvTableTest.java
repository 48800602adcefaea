package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tfweave.data.format.MalformedDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

class CsvTableTest {
  static final Path SEATTLE =
      Path.of("/usr/lib/python3/dist-packages/vega_datasets/_data/seattle-weather.csv");

  @TempDir
  Path dir;

  private Path write(String text) throws Exception {
    Path p = dir.resolve("t.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void typedColumns() throws Exception {
    CsvTable t = CsvTable.read(write("\uFEFFdate, temp ,note,day\n"
        + "2020-01-31,1.5,\"a, quoted\",01.02.2021\n"
        + "2020/02/29 , -2e1,b,28.02.2021\n"
        + "2020-03-01T10:15:00,,NA,01.03.2021\n"));
    assertEquals(List.of("date", "temp", "note", "day"), t.columnNames());
    assertEquals(3, t.rowCount());
    assertArrayEquals(
        new LocalDate[] {
          LocalDate.of(2020, 1, 31), LocalDate.of(2020, 2, 29), LocalDate.of(2020, 3, 1)
        },
        t.dates("date"));
    assertArrayEquals(new double[] {1.5, -20, Double.NaN}, t.doubles("temp"));
    assertEquals(List.of("a, quoted", "b", "NA"), t.strings("note"));
    assertArrayEquals(
        new LocalDate[] {
          LocalDate.of(2021, 2, 1), LocalDate.of(2021, 2, 28), LocalDate.of(2021, 3, 1)
        },
        t.dates("day", DateTimeFormatter.ofPattern("dd.MM.uuuu")));
    assertEquals(List.of("temp", "date"), t.select("temp", "date").columnNames());
  }

  @Test
  void numericMatrices() throws Exception {
    CsvTable t = CsvTable.read(write("a,b,c\n1,2,3\n4,5,6\n"));
    assertArrayEquals(new float[][] {{3, 1}, {6, 4}}, t.floats("c", "a"));
    FloatNdArray m = t.toFloatNdArray("b", "c");
    assertEquals(Shape.of(2, 2), m.shape());
    assertEquals(6f, m.getFloat(1, 1));
    assertEquals(2f, m.getFloat(0, 0));
  }

  @Test
  void errorsNameColumnRowAndChoices() throws Exception {
    CsvTable t = CsvTable.read(write("date,value\n2020-01-01,1\n2020-01-02,x\n"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.doubles("temp"));
    assertTrue(
        e.getMessage().startsWith("Column 'temp' not found in ")
            && e.getMessage().endsWith("Available columns: [date, value]"),
        e.getMessage());
    MalformedDataException m = assertThrows(MalformedDataException.class, () -> t.doubles("value"));
    assertTrue(
        m.getMessage().contains("column 'value' row 2 should be a number but is \"x\""),
        m.getMessage());
    m = assertThrows(MalformedDataException.class, () -> t.dates("value"));
    assertTrue(m.getMessage().contains("column 'value' row 1 should be a date"), m.getMessage());
    m = assertThrows(MalformedDataException.class, () -> CsvTable.read(write("a,b\n1,2\n3\n")));
    assertTrue(
        m.getMessage().contains("row 2 (line 3) has 1 fields but the header has 2"),
        m.getMessage());
  }

  @Test
  void seattleWeather() {
    assumeTrue(
        Files.isRegularFile(SEATTLE),
        SEATTLE + " is not installed (python3-vega-datasets);" + " skipping");
    CsvTable t = CsvTable.read(SEATTLE);
    assertEquals(
        List.of("date", "precipitation", "temp_max", "temp_min", "wind", "weather"),
        t.columnNames());
    assertEquals(1461, t.rowCount());
    LocalDate[] dates = t.dates("date");
    assertEquals(LocalDate.of(2012, 1, 1), dates[0]);
    assertEquals(LocalDate.of(2015, 12, 31), dates[1460]);
    double[] precipitation = t.doubles("precipitation");
    assertEquals(10.9, precipitation[1]);
    double sum = 0;
    for (double v : t.doubles("temp_max")) {
      sum += v;
    }
    assertEquals(24017.5, sum, 1e-6);
    assertEquals(714, t.strings("weather").stream().filter("sun"::equals).count());
  }
}
