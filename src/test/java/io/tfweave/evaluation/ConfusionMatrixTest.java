package io.tfweave.evaluation;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  // 3 classes; true: 0 0 0 1 1 2 2 2 2 ; pred: 0 0 1 1 2 2 2 2 0
  private static final int[] TRUE = {0, 0, 0, 1, 1, 2, 2, 2, 2};
  private static final int[] PRED = {0, 0, 1, 1, 2, 2, 2, 2, 0};

  @Test
  void countsAndNormalizations() {
    ConfusionMatrix cm = ConfusionMatrix.of(TRUE, PRED, 3);
    assertArrayEquals(new int[][] {{2, 1, 0}, {0, 1, 1}, {1, 0, 3}}, cm.counts());
    assertEquals(9, cm.total());
    assertEquals(6 / 9.0, cm.accuracy(), 1e-12);
    double[][] byTrue = cm.normalized("true");
    assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0, 0}, byTrue[0], 1e-12);
    assertArrayEquals(new double[] {0.25, 0, 0.75}, byTrue[2], 1e-12);
    assertArrayEquals(new double[] {2 / 3.0, 0.5, 0}, cm.normalized("pred")[0], 1e-12);
    assertEquals(3 / 9.0, cm.normalized("all")[2][2], 1e-12);
  }

  @Test
  void perClassMetricsMatchScikitLearn() {
    ConfusionMatrix cm = ConfusionMatrix.of(TRUE, PRED, 3);
    // sklearn.metrics.precision_recall_fscore_support(TRUE, PRED)
    assertArrayEquals(
        new double[] {2 / 3.0, 0.5, 0.75},
        new double[] {cm.precision(0), cm.precision(1), cm.precision(2)},
        1e-12);
    assertArrayEquals(
        new double[] {2 / 3.0, 0.5, 0.75},
        new double[] {cm.recall(0), cm.recall(1), cm.recall(2)},
        1e-12);
    assertEquals(2 / 3.0, cm.f1(0), 1e-12);
    assertEquals(3, cm.support(0));
    assertEquals((2 / 3.0 + 0.5 + 0.75) / 3, cm.macroAverage("f1"), 1e-12);
    assertEquals((2 / 3.0 * 3 + 0.5 * 2 + 0.75 * 4) / 9, cm.weightedAverage("recall"), 1e-12);
  }

  @Test
  void emptyClassesGiveZeroNotNaN() {
    ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, 3);
    assertEquals(0, cm.precision(2));
    assertEquals(0, cm.recall(1));
    assertEquals(0, cm.f1(1));
    assertEquals(0, cm.normalized("true")[1][1]);
  }

  @Test
  void reportAndTable() {
    ConfusionMatrix cm =
        ConfusionMatrix.of(TRUE, PRED, 3).classNames(List.of("cat", "dog", "bird"));
    String r = cm.report().text(2);
    String[] lines = r.split("\n");
    assertEquals("              precision    recall  f1-score   support", lines[0]);
    assertEquals("         cat       0.67      0.67      0.67         3", lines[2]);
    assertEquals("        bird       0.75      0.75      0.75         4", lines[4]);
    assertEquals("    accuracy                           0.67         9", lines[6]);
    assertTrue(lines[7].startsWith("   macro avg       0.64"), r);
    assertTrue(lines[8].startsWith("weighted avg"), r);
    assertTrue(cm.report().toString().contains("0.6667"));
    String table = cm.toString();
    assertTrue(table.contains("bird"), table);
    assertTrue(table.split("\n")[3].trim().startsWith("bird"), table);
    assertEquals(3, cm.plot().values().length);
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3));
    assertTrue(e.getMessage().contains("label 3 at index 1 is outside [0, 3)"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 3));
    assertTrue(e.getMessage().contains("same length"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> ConfusionMatrix.of(TRUE, PRED, 3).normalized("rows"));
    assertTrue(e.getMessage().contains("by must be one of true, pred, all"), e.getMessage());
  }
}
