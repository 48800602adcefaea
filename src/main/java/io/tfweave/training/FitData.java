package io.tfweave.training;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * The data checks of {@code fit} and {@code evaluate}: inputs and targets against the model's shapes and the loss, dtype
 * conversion, the validation split, and finite values; repeated fits on the same data reuse the result.
 */
final class FitData {
  private final ModelGraph model;
  private final Compiled compiled;

  FitData(ModelGraph model, Compiled compiled) {
    this.model = model;
    this.compiled = compiled;
  }

  /** Rows {@code [from, to)} of {@code data}'s arrays: a validation split is the tail of the same arrays, not a copy. */
  record Rows(Dataset data, int from, int to) {
    /** All of {@code data}, or null for null. */
    static Rows all(Dataset data) {
      return data == null ? null : new Rows(data, 0, data.size());
    }

    int size() {
      return to - from;
    }

    Shape targetSampleShape() {
      return data.targets().sampleShape();
    }
  }

  /** Validates {@code data} against the model's inputs and output, converting dtypes; {@code what} names it in errors. */
  Dataset prepare(Dataset data, String what, boolean needTargets) {
    return prepare(data, what, needTargets, true);
  }

  /**
   * As {@link #prepare(Dataset, String, boolean)}; without {@code convert}, inputs keep their dtype (checked convertible:
   * {@link HostBatches} converts each batch) so that no copy of the data is made.
   */
  Dataset prepare(Dataset data, String what, boolean needTargets, boolean convert) {
    if (data == null || data.size() == 0)
      throw new IllegalArgumentException(what + " is empty: at least one sample is needed");
    if (data.inputs().size() != model.inputs().size()) {
      throw new IllegalArgumentException(
          "Model '" + model.view().name() + "' has " + model.inputs().size() + " input(s), but "
              + what + " provides " + data.inputs().size() + " array(s)");
    }
    List<HostArray> xs = new ArrayList<>();
    for (int i = 0; i < data.inputs().size(); i++) {
      SymbolicTensor in = model.inputs().get(i);
      HostArray a = checkedDType(in, data.inputs().get(i), what);
      Shape want = Shapes.perSample(in.shape());
      if (a.shape().numDimensions() == want.numDimensions()
          && want.numDimensions() > 0
          && Shapes.last(want) == 1) {
        // Keras's Functional._adjust_input_rank: samples one rank short of an input whose last
        // dimension is 1 get that axis.
        long[] dims = Arrays.copyOf(a.shape().asArray(), want.numDimensions() + 1);
        dims[dims.length - 1] = 1;
        a = a.reshape(dims);
      }
      Shape got = a.sampleShape();
      boolean ok = want.numDimensions() == got.numDimensions();
      for (int d = 0; ok && d < want.numDimensions(); d++)
        ok = want.get(d) < 0 || want.get(d) == got.get(d);
      if (!ok) {
        throw new IllegalArgumentException(
            "Input '" + in.layer().name() + "' of model '" + model.view().name()
                + "' expects samples of shape " + Shapes.keras(in.shape()) + ", but " + what
                + " has shape "
                + Shapes.keras(a.shape()).replaceFirst("\\(\\d+", "(None"));
      }
      xs.add(convert ? converted(in, a, what) : checkedConvertible(in, a, what));
    }
    HostArray y = data.targets();
    if (needTargets) {
      if (y == null)
        throw new IllegalArgumentException(
            what + " has no targets (y); fit and evaluate need them");
      y = y.asFloat();
      // Multi-output targets were checked output by output when packed; a custom step reads them
      // itself.
      if (!compiled.multiOutput() && compiled.step() == null) checkTargets(y, what);
    }
    return Dataset.ofArrays(xs, y);
  }

  private HostArray checkedDType(SymbolicTensor in, HostArray a, String what) {
    String where = "Input '" + in.layer().name() + "' of model '" + model.view().name() + "'";
    if ((in.dtype() == DType.STRING) != (a.dtype() == DType.STRING)) {
      throw new IllegalArgumentException(where + " has dtype " + in.dtype().kerasName() + ", but "
          + what + " holds " + a.dtype().kerasName() + " values. Fix: "
          + (in.dtype() == DType.STRING
              ? "pass the raw texts (String[]) for a string input."
              : "turn the texts into numbers first (TextVectorization.vectorize) or give the model "
                  + "an input of DType.STRING."));
    }
    return a;
  }

  private HostArray converted(SymbolicTensor in, HostArray a, String what) {
    if (in.dtype() == DType.STRING) return a;
    return in.dtype() == DType.FLOAT32
        ? a.asFloat()
        : a.asInt(what + " for integer input '" + in.layer().name() + "'");
  }

  private static HostArray checkedConvertible(SymbolicTensor in, HostArray a, String what) {
    if (in.dtype() == DType.STRING || in.dtype() == DType.FLOAT32 || a.dtype() != DType.FLOAT32)
      return a;
    for (int c = 0; c < a.chunkCount(); c++) {
      float[] v = a.chunk(c).floats();
      for (int i = 0; i < v.length; i++) {
        if (v[i] != Math.rint(v[i])) {
          throw new IllegalArgumentException(
              what + " for integer input '" + in.layer().name()
                  + "' must hold integers, but value " + v[i] + " was found at flat index "
                  + ((long) c * a.chunkRows() * a.sampleSize() + i));
        }
      }
    }
    return a;
  }

  private void checkTargets(HostArray y, String what) {
    Shape out = model.outputs().get(0).shape();
    Shape outSample = Shapes.perSample(out);
    Shape ySample = y.sampleShape();
    String outName = model.outputs().get(0).layer().name();
    if (compiled.loss().kind() == Loss.Kind.SPARSE_CATEGORICAL) {
      if (ySample.size() != 1) {
        throw new IllegalArgumentException(
            "sparse_categorical_crossentropy expects one integer label per sample, but " + what
                + " targets have shape " + y.shape());
      }
      checkLabels(
          y, Shapes.last(out), what, " for output '" + outName + "' of shape " + Shapes.keras(out));
      return;
    }
    boolean same = ySample.equals(outSample)
        || (outSample.numDimensions() == ySample.numDimensions() + 1
            && Shapes.last(outSample) == 1
            && Arrays.equals(
                Arrays.copyOf(outSample.asArray(), ySample.numDimensions()), ySample.asArray()));
    if (!same) {
      throw new IllegalArgumentException(
          "Targets of " + what + " have samples of shape " + Shapes.keras(Shapes.batched(ySample))
              + ", but output '" + outName + "' has shape " + Shapes.keras(out)
              + (Shapes.last(out) > 1 && ySample.size() == 1
                  ? ". Hint: use sparse_categorical_crossentropy for integer labels."
                  : ""));
    }
  }

  /**
   * Where Keras's {@code validation_split} cuts {@code data}: the first {@code floor(n (1 - split))} samples train; fails
   * when that leaves either part empty.
   */
  static int splitPoint(Dataset data, double split) {
    if (data == null || data.size() == 0)
      throw new IllegalArgumentException("x is empty: at least one sample is needed");
    int cut = (int) Math.floor(data.size() * (1.0 - split));
    if (cut <= 0 || cut >= data.size()) {
      throw new IllegalArgumentException("validationSplit=" + split
          + " leaves no training or no validation samples out of " + data.size());
    }
    return cut;
  }

  /**
   * Index-checked sparse labels: each value of {@code y} (any chunking) is an integer in {@code [0, classes)}; else fails
   * with {@code Label v at index i of <what> is out of range: ... in [0, classes)<suffix>}.
   */
  static void checkLabels(HostArray y, long classes, String what, String suffix) {
    for (int c = 0; c < y.chunkCount(); c++) {
      float[] v = y.chunk(c).floats();
      for (int k = 0; k < v.length; k++) {
        if (v[k] == Math.rint(v[k]) && v[k] >= 0 && v[k] < classes) continue;
        long i = (long) c * y.chunkRows() + k;
        throw new IllegalArgumentException("Label " + v[k] + " at index " + i + " of " + what
            + " is out of range: sparse_categorical_crossentropy needs integer labels in [0, "
            + classes + ")" + suffix);
      }
    }
  }

  /**
   * Splits and validates fit data (training rows, validation rows or null). Nothing is copied (the rows are views of the
   * caller's arrays) and nothing is kept: a model never holds a caller's arrays after {@code fit}.
   */
  Rows[] prepareForFit(Dataset data, FitOptions o) {
    Rows[] out;
    if (o.validationData() == null && o.validationSplit() > 0) {
      int cut = splitPoint(data, o.validationSplit());
      Dataset all = prepare(data, "x", true, false);
      out = new Rows[] {new Rows(all, 0, cut), new Rows(all, cut, all.size())};
    } else {
      out = new Rows[] {
        Rows.all(prepare(data, "x", true, false)),
        o.validationData() == null
            ? null
            : Rows.all(prepare(o.validationData(), "validation data", true, false))
      };
    }
    return out;
  }

  /** Validates packed (multi-output) training and validation data, each used in its row range. */
  Rows[] prepareSplit(Targets.Packed train, Targets.Packed val) {
    Dataset t = prepare(train.data(), "x", true, false);
    Dataset v = val == null ? null : prepare(val.data(), "validation data", true, false);
    return new Rows[] {
      new Rows(t, train.from(), train.to()), v == null ? null : new Rows(v, val.from(), val.to())
    };
  }

  static void checkFinite(Dataset d, String what) {
    for (int i = 0; i < d.inputs().size(); i++) {
      long bad = d.inputs().get(i).firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException(what + " input " + i + " holds a non-finite value ("
            + d.inputs().get(i).getDouble(bad) + ") at flat index " + bad);
      }
    }
    long bad = d.targets().firstNonFinite();
    if (bad >= 0)
      throw new IllegalArgumentException(
          what + " targets hold a non-finite value at flat index " + bad);
  }
}
