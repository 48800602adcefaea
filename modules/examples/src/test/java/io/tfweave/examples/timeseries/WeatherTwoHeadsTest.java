package io.tfweave.examples.timeseries;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeatherTwoHeadsTest {
  @Test
  void bothHeadsLearnFromTheSameWindow() {
    assumeTrue(
        Files.exists(SeattleWeather.CSV_DEFAULT),
        "needs Debian's python3-vega-datasets (" + SeattleWeather.CSV_DEFAULT + ")");
    Map<String, WeatherTwoHeads.Scores> t = WeatherTwoHeads.run(SeattleWeather.CSV_DEFAULT, 8);
    System.out.println(t);
    double baseline = t.get("training mean / majority").mae();
    assertTrue(t.get("two heads").mae() < 0.6 * baseline, t.toString());
    assertTrue(t.get("temp_max only").mae() < 0.6 * baseline, t.toString());
    for (String k : new String[] {"two heads", "weather only"}) {
      double acc = t.get(k).accuracy();
      assertTrue(acc > 0.2 && acc <= 1, t.toString());
      assertTrue(Double.isNaN(t.get("weather only").mae()));
    }
  }
}
