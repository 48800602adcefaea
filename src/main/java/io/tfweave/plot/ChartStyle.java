package io.tfweave.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;

/** Gives every chart of this package the same fonts, colours and grid. */
final class ChartStyle {

  static final String FONT_FAMILY = Font.SANS_SERIF;
  static final Font TITLE_FONT = new Font(FONT_FAMILY, Font.BOLD, 15);
  static final Font AXIS_TITLE_FONT = new Font(FONT_FAMILY, Font.PLAIN, 13);
  static final Font TICK_FONT = new Font(FONT_FAMILY, Font.PLAIN, 11);
  static final Font LEGEND_FONT = new Font(FONT_FAMILY, Font.PLAIN, 12);
  static final Color TEXT = new Color(0x222222);
  static final Color GRID = new Color(0xE3E3E3);
  static final Color BORDER = new Color(0xA0A0A0);

  /** Matplotlib's "tab10" palette: distinct, colour-blind friendlier than XChart's default. */
  private static final Color[] PALETTE = {
    new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
    new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
    new Color(0xBCBD22), new Color(0x17BECF)
  };

  static final BasicStroke SOLID =
      new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  static final BasicStroke DASHED = new BasicStroke(
      2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 4f}, 0f);
  static final BasicStroke THIN =
      new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

  private ChartStyle() {}

  static Color color(int index) {
    return PALETTE[Math.floorMod(index, PALETTE.length)];
  }

  /** A white, lightly gridded XY chart; the size is a placeholder, set again when painted. */
  static XYChart xyChart(String title, String xAxisTitle, String yAxisTitle) {
    return style(
        new XYChart(Plots.WIDTH_DEFAULT, Plots.HEIGHT_DEFAULT), title, xAxisTitle, yAxisTitle);
  }

  /** Applies this package's look to {@code chart} and returns it. */
  static <C extends XYChart> C style(C chart, String title, String xAxisTitle, String yAxisTitle) {
    chart.setTitle(title == null ? "" : title);
    chart.setXAxisTitle(xAxisTitle == null ? "" : xAxisTitle);
    chart.setYAxisTitle(yAxisTitle == null ? "" : yAxisTitle);
    XYStyler s = chart.getStyler();
    s.setChartTitleVisible(title != null && !title.isEmpty());
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(BORDER);
    s.setPlotGridLinesColor(GRID);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartFontColor(TEXT);
    s.setChartTitleFont(TITLE_FONT);
    s.setChartTitleBoxVisible(false);
    s.setAxisTitleFont(AXIS_TITLE_FONT);
    s.setAxisTickLabelsFont(TICK_FONT);
    s.setAxisTickLabelsColor(TEXT);
    s.setAxisTickMarksColor(BORDER);
    s.setLegendFont(LEGEND_FONT);
    s.setLegendPosition(LegendPosition.InsideNE);
    s.setLegendBackgroundColor(new Color(255, 255, 255, 225));
    s.setLegendBorderColor(GRID);
    s.setLegendSeriesLineLength(28);
    s.setChartPadding(12);
    s.setPlotMargin(0);
    s.setMarkerSize(6);
    s.setToolTipsEnabled(false);
    s.setAntiAlias(true);
    return chart;
  }

  /** Prints whole numbers without decimals and leaves fractional ticks (e.g. epoch 2.5) blank. */
  static String integerTick(Double value) {
    double v = value;
    return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : "";
  }
}
