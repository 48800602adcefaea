package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code IoU} and {@code MeanIoU}: from the accumulated {@code num_classes × num_classes} confusion matrix,
 * {@code IoU_c = TP_c / (TP_c + FP_c + FN_c)}, averaged over {@code target_class_ids} whose denominator is not zero
 * (all classes for {@code MeanIoU}). As Keras's defaults, targets and predictions are class ids ({@code sparse_y_true},
 * {@code sparse_y_pred} true; predictions are truncated to integers); set {@code sparseYPred(false)} to take the
 * arg-max of probabilities. Ids outside [0, num_classes) and {@code ignoreClass} are not counted. Immutable.
 */
public final class IoU extends Metric {
  private final String name;
  private final int numClasses;
  private final int[] targetClassIds;
  private final Integer ignoreClass;
  private final boolean sparseYTrue;
  private final boolean sparseYPred;

  IoU(
      String name,
      int numClasses,
      int[] targetClassIds,
      Integer ignoreClass,
      boolean sparseYTrue,
      boolean sparseYPred) {
    if (numClasses < 1)
      throw new IllegalArgumentException(
          "num_classes must be a positive integer. Received: num_classes=" + numClasses);
    for (int id : targetClassIds)
      if (id < 0 || id >= numClasses)
        throw new IllegalArgumentException("target_class_ids must be in [0, " + numClasses
            + "). Received: " + Arrays.toString(targetClassIds));
    if (targetClassIds.length == 0)
      throw new IllegalArgumentException("target_class_ids must not be empty");
    this.name = name;
    this.numClasses = numClasses;
    this.targetClassIds = targetClassIds.clone();
    this.ignoreClass = ignoreClass;
    this.sparseYTrue = sparseYTrue;
    this.sparseYPred = sparseYPred;
  }

  /** Targets are class ids (true, Keras's default) or one-hot rows (false: arg-max). */
  public IoU sparseYTrue(boolean sparse) {
    return new IoU(name, numClasses, targetClassIds, ignoreClass, sparse, sparseYPred);
  }

  /** Predictions are class ids (true, Keras's default) or probabilities (false: arg-max). */
  public IoU sparseYPred(boolean sparse) {
    return new IoU(name, numClasses, targetClassIds, ignoreClass, sparseYTrue, sparse);
  }

  /** A target class id not counted ({@code ignore_class}), or null. */
  public IoU ignoreClass(Integer id) {
    return new IoU(name, numClasses, targetClassIds, id, sparseYTrue, sparseYPred);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("dtype", "int64");
    c.put("num_classes", numClasses);
    if (!name.equals("mean_io_u"))
      c.put("target_class_ids", Arrays.stream(targetClassIds).boxed().toList());
    c.put("ignore_class", ignoreClass);
    c.put("sparse_y_true", sparseYTrue);
    c.put("sparse_y_pred", sparseYPred);
    c.put("axis", -1);
    return c;
  }

  private static Operand<TInt32> shapedIds(Ops tf, Operand<TFloat32> x, boolean sparse) {
    return sparse
        ? tf.dtypes.cast(x, TInt32.class)
        : tf.math.argMax(x, tf.constant(-1), TInt32.class);
  }

  private static Operand<TInt32> ids(Ops tf, Operand<TFloat32> x, boolean sparse) {
    return tf.reshape(shapedIds(tf, x, sparse), tf.constant(new int[] {-1}));
  }

  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    Operand<TInt32> t = ids(tf, yTrue, sparseYTrue);
    Operand<TInt32> p = ids(tf, yPred, sparseYPred);
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> c = tf.constant(numClasses);
    Operand<org.tensorflow.types.TBool> valid = tf.math.logicalAnd(
        tf.math.logicalAnd(tf.math.greaterEqual(t, zero), tf.math.less(t, c)),
        tf.math.logicalAnd(tf.math.greaterEqual(p, zero), tf.math.less(p, c)));
    if (ignoreClass != null)
      valid = tf.math.logicalAnd(valid, tf.math.notEqual(t, tf.constant(ignoreClass)));
    Operand<TFloat32> w = tf.dtypes.cast(valid, TFloat32.class);
    Operand<TFloat32> sw = sampleWeights();
    if (sw != null) { // each sample's ids count with its weight
      Operand<TFloat32> perId =
          spread(tf, sw, tf.dtypes.cast(shapedIds(tf, yTrue, sparseYTrue), TFloat32.class));
      w = tf.math.mul(w, tf.reshape(perId, tf.constant(new int[] {-1})));
    }
    Operand<TInt32> cell = tf.math.add(
        tf.math.mul(tf.select(valid, t, tf.zerosLike(t)), c), tf.select(valid, p, tf.zerosLike(p)));
    Operand<TFloat32> cm = tf.reshape(
        tf.math.unsortedSegmentSum(w, cell, tf.constant(numClasses * numClasses)),
        tf.constant(new int[] {numClasses, numClasses}));
    return new Stats(List.of(cm), s -> result(tf, s.get(0)));
  }

  private Operand<TFloat32> result(Ops tf, Operand<TFloat32> cm) {
    Operand<TFloat32> predicted = tf.sum(cm, tf.constant(0));
    Operand<TFloat32> actual = tf.sum(cm, tf.constant(1));
    Operand<TFloat32> tp = tf.linalg.matrixDiagPart(cm, tf.constant(0), tf.constant(0f));
    Operand<TFloat32> den = tf.math.sub(tf.math.add(predicted, actual), tp);
    Operand<TInt32> ids = tf.constant(targetClassIds);
    Operand<TFloat32> tpT = tf.gather(tp, ids, tf.constant(0));
    Operand<TFloat32> denT = tf.gather(den, ids, tf.constant(0));
    Operand<TFloat32> validEntries =
        tf.dtypes.cast(tf.math.greater(denT, tf.constant(1e-9f)), TFloat32.class);
    Operand<TFloat32> eps = tf.constant(1e-7f);
    Operand<TFloat32> iou = tf.math.mul(validEntries, tf.math.div(tpT, tf.math.add(denT, eps)));
    return tf.math.div(sumAll(tf, iou), tf.math.add(sumAll(tf, validEntries), eps));
  }
}
