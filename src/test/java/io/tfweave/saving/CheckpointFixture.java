package io.tfweave.saving;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Builds a graph of {@code VariableV2}s of many types and shapes, saves it with
 * {@code Session.save} or exports it as a SavedModel, and records what the session holds.
 */
final class CheckpointFixture {
  /** Raw tensor bytes the session held for each fixed-width variable, by variable name. */
  final Map<String, byte[]> rawBytes = new LinkedHashMap<>();
  /** String elements the session held for each DT_STRING variable. */
  final Map<String, List<byte[]>> strings = new LinkedHashMap<>();
  /** Shape of every variable. */
  final Map<String, Shape> shapes = new LinkedHashMap<>();

  private final List<Function<Ops, Variable<?>>> builders = new ArrayList<>();

  static CheckpointFixture standard() {
    Random r = new Random(42);
    float[] f = new float[12];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian();
    }
    f[0] = -0.0f;
    f[1] = Float.NaN;
    f[2] = Float.MIN_VALUE;
    f[3] = Float.NEGATIVE_INFINITY;
    double[] d = {Math.PI, -1e300, 4.9e-324, 0.1, 2.5, -7};
    CheckpointFixture c = new CheckpointFixture();
    c.add("w_float", () -> TFloat32.tensorOf(Shape.of(3, 4), DataBuffers.of(f)));
    c.add("scalar_float", () -> TFloat32.scalarOf(1.25f));
    c.add("w_double", () -> TFloat64.tensorOf(Shape.of(2, 3), DataBuffers.of(d)));
    c.add("w_int", () -> TInt32.vectorOf(1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, 0));
    c.add(
        "w_long",
        () -> TInt64.tensorOf(
            Shape.of(2, 2), DataBuffers.of(Long.MIN_VALUE, -1L, 1L << 40, Long.MAX_VALUE)));
    c.add("w_half", () -> TFloat16.vectorOf(0.5f, -2f, 65504f, 1e-7f));
    c.add("w_bfloat", () -> TBfloat16.vectorOf(1.5f, -3f, 1e30f));
    c.add("w_uint8", () -> TUint8.vectorOf((byte) 0, (byte) 200, (byte) 255));
    c.add("w_bool", () -> TBool.vectorOf(true, false, true));
    c.add("empty", () -> TFloat32.tensorOf(Shape.of(0, 3)));
    c.add(
        "conv/kernel",
        () -> TFloat32.tensorOf(Shape.of(3, 3, 2, 4), t -> {
          for (int i = 0; i < 72; i++) {
            t.setFloat(i * 0.5f - 7, i / 24, (i / 8) % 3, (i / 4) % 2, i % 4);
          }
        }));
    c.add("a_string", () -> TString.scalarOf("héllo\u0000world"));
    c.add(
        "strings",
        () -> TString.tensorOfBytes(
            NdArrays.vectorOfObjects(new byte[0], new byte[300], new byte[] {(byte) 0xff, 1, 2})));
    return c;
  }

  <T extends TType> void add(String name, java.util.function.Supplier<T> value) {
    builders.add(tf -> {
      int slash = name.lastIndexOf('/');
      Ops scoped = slash < 0 ? tf : tf.withSubScope(name.substring(0, slash));
      try (T t = value.get()) {
        return scoped.withName(name.substring(slash + 1)).variable(tf.constantOf(t));
      }
    });
  }

  /** Writes {@code <prefix>.index/.data-*} with {@code Session.save}. */
  void save(Path prefix) {
    run(s -> s.save(prefix.toString()), null);
  }

  /** Exports a SavedModel (one identity signature) to {@code dir}. */
  void export(Path dir) {
    run(null, dir);
  }

  private void run(java.util.function.Consumer<Session> save, Path exportDir) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Variable<?>> vars = new ArrayList<>();
      for (Function<Ops, Variable<?>> b : builders) {
        vars.add(b.apply(tf));
      }
      var x = tf.withName("x")
          .placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 3)));
      Operand<TFloat32> y = tf.withName("y").math.mul(x, tf.constant(2f));
      s.initialize();
      for (Variable<?> v : vars) {
        String name = v.op().name();
        try (Result r = s.runner().fetch(v).run()) {
          Tensor t = r.get(0);
          shapes.put(name, t.shape());
          if (t instanceof TString) {
            TString ts = (TString) t;
            List<byte[]> elems = new ArrayList<>();
            ts.asBytes().scalars().forEach(e -> elems.add(e.getObject()));
            strings.put(name, elems);
          } else {
            byte[] raw = new byte[(int) t.numBytes()];
            t.asRawTensor().data().read(raw);
            rawBytes.put(name, raw);
          }
        }
      }
      if (save != null) {
        save.accept(s);
      } else {
        try {
          SavedModelBundle.exporter(exportDir.toString())
              .withTags("serve")
              .withSession(s)
              .withSignature(Signature.builder()
                  .key(Signature.DEFAULT_KEY)
                  .methodName("tensorflow/serving/predict")
                  .input("features", x)
                  .output("doubled", y)
                  .build())
              .export();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
  }
}
