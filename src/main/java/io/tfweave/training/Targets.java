package io.tfweave.training;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.losses.Loss;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The targets of a multi-output fit packed into one float array of {@code [samples, columns]}: each output with a loss gets
 * its target values (one column for sparse labels, the output's per-sample size otherwise) and, when the fit gives it
 * sample weights, one weight column. So multi-output data goes through the same in-graph copy, gather, shuffle and
 * validation split as single-output data; the step graph cuts the columns apart again ({@link Layout}).
 */
final class Targets {
  private Targets() {}

  /** Where one output's targets lie in the packed columns. */
  record Part(int output, int offset, int width, Shape sampleShape, int weightColumn) {}

  /** The packed layout: one part per output that has a loss, and the total number of columns. */
  record Layout(List<Part> parts, int columns) {
    Shape sampleShape() {
      return Shape.of(columns);
    }
  }

  /** Packed data and its layout; rows {@code [from, to)} of it are used (a validation split is a range, not a copy). */
  record Packed(Dataset data, Layout layout, int from, int to) {
    Packed(Dataset data, Layout layout) {
      this(data, layout, 0, data.size());
    }

    Packed rows(int from, int to) {
      return new Packed(data, layout, from, to);
    }
  }

  /**
   * The training and validation data of a multi-output fit, packed; a {@code validationSplit} (unless {@code validation}
   * is given) takes row ranges of the same packed arrays, weight columns included (Keras splits {@code sample_weight}
   * with the samples); {@code validation(data, weights)} packs the validation data with its own weights.
   */
  static Packed[] forFit(ModelGraph model, Compiled c, Dataset data, FitOptions o) {
    Map<String, HostArray> weights =
        FitWeights.perOutput(c, o.outputSampleWeights(), o.sampleWeight());
    Dataset val = o.validationData();
    if (val == null && o.validationSplit() > 0) {
      int cut = FitData.splitPoint(data, o.validationSplit());
      // Both parts are rows of the same arrays: the inputs are not copied, the targets packed once.
      Packed t = pack(model, c, data, weights, "x");
      return new Packed[] {t.rows(0, cut), t.rows(cut, data.size())};
    }
    Packed t = pack(model, c, data, weights, "x");
    Map<String, HostArray> valWeights =
        FitWeights.perOutput(c, o.validationOutputSampleWeights(), o.validationSampleWeight());
    Packed v = val == null ? null : pack(model, c, val, valWeights, "validation data");
    return new Packed[] {t, v};
  }

  /** The output names of {@code model} as compiled. */
  static List<String> names(Compiled c) {
    return c.outputs().stream().map(OutputSpec::name).toList();
  }

  /** The layout for {@code model} compiled as {@code c}, with weight columns for the outputs in {@code weighted}. */
  static Layout layout(ModelGraph model, Compiled c, java.util.Set<Integer> weighted) {
    List<Part> parts = new ArrayList<>();
    int col = 0;
    for (int i = 0; i < c.outputs().size(); i++) {
      OutputSpec spec = c.outputs().get(i);
      if (spec.loss() == null) continue;
      Shape out = Shapes.perSample(model.outputs().get(i).shape());
      Shape target;
      if (spec.loss().kind() == Loss.Kind.SPARSE_CATEGORICAL) {
        target = Shape.scalar();
      } else {
        if (out.hasUnknownDimension()) {
          throw new IllegalArgumentException("Output '" + spec.name() + "' has samples of shape "
              + Shapes.keras(Shapes.batched(out)) + " with an unknown dimension; multi-output "
              + "training needs outputs of a fixed per-sample shape");
        }
        target = out;
      }
      int width = (int) Math.max(1, target.size());
      int w = weighted.contains(i) ? col + width : -1;
      parts.add(new Part(i, col, width, target, w));
      col += width + (w >= 0 ? 1 : 0);
    }
    return new Layout(parts, col);
  }

  /**
   * {@code data}'s per-output targets (and {@code weights}, per output name or position, may be null) checked against the
   * model's outputs and packed; {@code what} names the data in errors.
   */
  static Packed pack(
      ModelGraph model, Compiled c, Dataset data, Map<String, HostArray> weights, String what) {
    if (data == null || data.size() == 0)
      throw new IllegalArgumentException(what + " is empty: at least one sample is needed");
    Map<String, HostArray> ys = data.targetMap();
    if (ys == null) {
      throw new IllegalArgumentException("Model '" + model.view().name() + "' has "
          + c.outputs().size() + " outputs " + names(c) + ", but " + what + " has "
          + (data.targets() == null ? "no targets" : "one target array")
          + ". Fix: give one target array per output, e.g. Dataset.of(x, Map.of(\""
          + c.outputs().get(0).name() + "\", y0, ...))");
    }
    Map<Integer, HostArray> byOutput = resolve(c, ys, what + " targets");
    Map<Integer, HostArray> wByOutput =
        weights == null ? Map.of() : resolve(c, weights, "sampleWeight");
    Layout layout = layout(model, c, wByOutput.keySet());
    int n = data.size();
    float[] packed = new float[Math.multiplyExact(n, layout.columns())];
    for (Part p : layout.parts()) {
      OutputSpec spec = c.outputs().get(p.output());
      HostArray y = byOutput.get(p.output());
      if (y == null) {
        throw new IllegalArgumentException("Output '" + spec.name() + "' has a loss ("
            + spec.loss().name() + "), but " + what + " has no targets for it (it has "
            + ys.keySet() + "). Fix: add its targets, or compile it with a null loss");
      }
      float[] v = checked(model, p, spec, y.asFloat(), what);
      copyColumns(v, packed, n, layout.columns(), p.offset(), p.width());
      if (p.weightColumn() >= 0) {
        HostArray w = wByOutput.get(p.output()).asFloat();
        if (w.length() != n || w.sampleSize() != 1) {
          throw new IllegalArgumentException("sampleWeight for output '" + spec.name()
              + "' must hold one weight per sample: expected " + n + ", received shape "
              + w.shape());
        }
        copyColumns(w.floats(), packed, n, layout.columns(), p.weightColumn(), 1);
      }
    }
    return new Packed(
        Dataset.ofArrays(data.inputs(), HostArray.ofFloats(packed, n, layout.columns())), layout);
  }

  private static void copyColumns(float[] src, float[] dst, int n, int cols, int off, int width) {
    for (int i = 0; i < n; i++) System.arraycopy(src, i * width, dst, i * cols + off, width);
  }

  private static Map<Integer, HostArray> resolve(
      Compiled c, Map<String, HostArray> ys, String what) {
    List<String> names = names(c);
    Map<Integer, HostArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, HostArray> e : ys.entrySet()) {
      int i = names.indexOf(e.getKey());
      if (i < 0 && e.getKey().matches("\\d+")) i = Integer.parseInt(e.getKey());
      if (i < 0 || i >= names.size()) {
        throw new IllegalArgumentException(what + " name an output '" + e.getKey()
            + "' that the model does not have. Outputs: " + names + " (or positions 0.."
            + (names.size() - 1) + ")");
      }
      if (out.put(i, e.getValue()) != null)
        throw new IllegalArgumentException(what + " give output '" + names.get(i) + "' twice");
    }
    return out;
  }

  /** The target values of one output, checked against its shape and loss, flattened per sample. */
  private static float[] checked(
      ModelGraph model, Part p, OutputSpec spec, HostArray y, String what) {
    Shape out = model.outputs().get(p.output()).shape();
    Shape got = y.sampleShape();
    String where = "Targets of " + what + " for output '" + spec.name() + "'";
    if (spec.loss().kind() == Loss.Kind.SPARSE_CATEGORICAL) {
      if (got.size() != 1) {
        throw new IllegalArgumentException(where + " have samples of shape "
            + Shapes.keras(Shapes.batched(got)) + ", but sparse_categorical_crossentropy expects"
            + " one integer label per sample");
      }
      FitData.checkLabels(y, Shapes.last(out), where, "");
      return y.floats();
    }
    if (got.size() != p.width()
        || !(got.equals(p.sampleShape())
            || got.numDimensions() + 1 == p.sampleShape().numDimensions())) {
      throw new IllegalArgumentException(where + " have samples of shape "
          + Shapes.keras(Shapes.batched(got)) + ", but the output has shape " + Shapes.keras(out)
          + (Shapes.last(out) > 1 && got.size() == 1
              ? ". Hint: use sparse_categorical_crossentropy for integer labels."
              : ""));
    }
    return y.floats();
  }
}
