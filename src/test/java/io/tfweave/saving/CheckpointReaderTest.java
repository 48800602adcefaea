package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.CheckpointVariable;
import io.tfweave.formats.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.DataType;
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

class CheckpointReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsEveryVariableBitExactlyAfterSessionSave() throws IOException {
    CheckpointFixture f = CheckpointFixture.standard();
    Path prefix = dir.resolve("ckpt");
    f.save(prefix);
    CheckpointReader r = CheckpointReader.open(prefix);
    assertSameAsSession(f, r);
    assertEquals(1, r.numShards());
  }

  @Test
  void readsSavedModelVariablesAndMatchesDescriptions() throws IOException {
    CheckpointFixture f = CheckpointFixture.standard();
    Path sm = dir.resolve("sm");
    f.export(sm);
    CheckpointReader r = CheckpointReader.open(sm);
    assertEquals(sm.resolve("variables/variables"), r.prefix());
    assertSameAsSession(f, r);
    CheckpointVariable k = r.variable("conv/kernel");
    assertEquals(DataType.DT_FLOAT, k.dtype());
    assertEquals(Shape.of(3, 3, 2, 4), k.shape());
    assertEquals(72 * 4, k.sizeBytes());
    assertEquals(DataType.DT_HALF, r.variable("w_half").dtype());
    assertFalse(k.sliced());
  }

  @Test
  void convertsNumericTypes() throws IOException {
    Path prefix = dir.resolve("ckpt");
    CheckpointFixture.standard().save(prefix);
    CheckpointReader r = CheckpointReader.open(prefix);
    assertArrayEquals(new float[] {0.5f, -2f, 65504f, 1.1920929e-7f}, r.readFloats("w_half"));
    // TF Java truncates float32 to bfloat16 (keeps the top 16 bits).
    float truncated = Float.intBitsToFloat(Float.floatToIntBits(1e30f) & 0xffff0000);
    assertArrayEquals(new float[] {1.5f, -3f, truncated}, r.readFloats("w_bfloat"));
    assertArrayEquals(
        new double[] {Math.PI, -1e300, 4.9e-324, 0.1, 2.5, -7}, r.readDoubles("w_double"));
    assertEquals((float) Math.PI, r.readFloats("w_double")[0]);
    assertArrayEquals(new int[] {0, 200, 255}, r.readInts("w_uint8"));
    assertArrayEquals(new int[] {1, 0, 1}, r.readInts("w_bool"));
    assertArrayEquals(
        new long[] {1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, 0}, r.readLongs("w_int"));
    assertArrayEquals(new float[] {1.25f}, r.readFloats("scalar_float"));
    assertEquals(0, r.readFloats("empty").length);
    assertEquals(-7f, r.readFloats("conv/kernel")[0]);
    assertEquals(28.5f, r.readFloats("conv/kernel")[71]);
  }

  @Test
  void agreesWithRestoreV2() throws IOException {
    CheckpointFixture f = CheckpointFixture.standard();
    Path prefix = dir.resolve("ckpt");
    f.save(prefix);
    CheckpointReader r = CheckpointReader.open(prefix);
    List<CheckpointVariable> vars = r.variables();
    List<Class<? extends TType>> types = new ArrayList<>();
    for (CheckpointVariable v : vars) {
      types.add(typeClass(v.dtype()));
    }
    String[] names = vars.stream().map(CheckpointVariable::name).toArray(String[]::new);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Restore restore = tf.train.restore(
          tf.constant(prefix.toString()),
          tf.constant(NdArrays.vectorOfObjects(names)),
          tf.constant(NdArrays.vectorOfObjects(emptyStrings(names.length))),
          types);
      var runner = s.runner();
      restore.tensors().forEach(runner::fetch);
      try (Result res = runner.run()) {
        for (int i = 0; i < names.length; i++) {
          Tensor t = res.get(i);
          assertEquals(vars.get(i).shape(), t.shape(), names[i]);
          if (t instanceof TString) {
            List<byte[]> expected = new ArrayList<>();
            ((TString) t).asBytes().scalars().forEach(e -> expected.add(e.getObject()));
            assertStringsEqual(expected, r.readStrings(names[i]), names[i]);
          } else {
            byte[] raw = new byte[(int) t.numBytes()];
            t.asRawTensor().data().read(raw);
            assertArrayEquals(raw, r.readBytes(names[i]), names[i]);
          }
        }
      }
    }
  }

  @Test
  void reportsCorruptDataShard() throws IOException {
    Path prefix = dir.resolve("ckpt");
    CheckpointFixture.standard().save(prefix);
    CheckpointReader r = CheckpointReader.open(prefix);
    long offset = findOffset(r, "w_float");
    Path data = dir.resolve("ckpt.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    bytes[(int) offset + 5] ^= 0x10;
    Files.write(data, bytes);
    var e = assertThrows(CorruptFileException.class, () -> r.readFloats("w_float"));
    assertTrue(e.getMessage().contains("checksum mismatch for tensor 'w_float'"), e.getMessage());
    assertEquals(data, e.file());
    assertEquals(1.25f, r.readFloats("scalar_float")[0]);
  }

  @Test
  void reportsCorruptOrTruncatedIndex() throws IOException {
    Path prefix = dir.resolve("ckpt");
    CheckpointFixture.standard().save(prefix);
    Path index = dir.resolve("ckpt.index");
    byte[] good = Files.readAllBytes(index);
    byte[] flipped = good.clone();
    flipped[10] ^= 1;
    Files.write(index, flipped);
    var e = assertThrows(CorruptFileException.class, () -> CheckpointReader.open(prefix));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    Files.write(index, java.util.Arrays.copyOf(good, good.length - 3));
    e = assertThrows(CorruptFileException.class, () -> CheckpointReader.open(prefix));
    assertTrue(e.getMessage().contains("expected table magic 0xdb4775248b80fb57"), e.getMessage());
    Files.write(index, good);
    Files.write(dir.resolve("ckpt.data-00000-of-00001"), new byte[8]);
    e = assertThrows(
        CorruptFileException.class, () -> CheckpointReader.open(prefix).readFloats("w_float"));
    assertTrue(e.getMessage().contains("but the shard has only 8 bytes"), e.getMessage());
  }

  @Test
  void explainsWrongTypesAndNames() throws IOException {
    Path prefix = dir.resolve("ckpt");
    CheckpointFixture.standard().save(prefix);
    CheckpointReader r = CheckpointReader.open(prefix);
    var e = assertThrows(IllegalArgumentException.class, () -> r.readFloats("w_long"));
    assertTrue(e.getMessage().contains("but 'w_long' is DT_INT64"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> r.readFloats("nope"));
    assertTrue(e.getMessage().contains("No tensor named 'nope'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> r.readString("strings"));
    assertTrue(e.getMessage().contains("has shape [3]"), e.getMessage());
    var missing = assertThrows(IOException.class, () -> CheckpointReader.open(dir.resolve("x")));
    assertTrue(
        missing.getMessage().contains("expected a SavedModel directory"), missing.getMessage());
  }

  @Test
  void opensCheckpointDirectoryViaStateFile() throws IOException {
    CheckpointFixture.standard().save(dir.resolve("ckpt-7"));
    CheckpointFixture.standard().save(dir.resolve("ckpt-9"));
    Files.writeString(
        dir.resolve("checkpoint"),
        "model_checkpoint_path: \"ckpt-9\"\nall_model_checkpoint_paths: \"ckpt-7\"\n");
    assertEquals(dir.resolve("ckpt-9"), CheckpointReader.open(dir).prefix());
    assertEquals(
        dir.resolve("ckpt-7"),
        CheckpointReader.open(dir.resolve("ckpt-7.index")).prefix());
  }

  private static void assertSameAsSession(CheckpointFixture f, CheckpointReader r)
      throws IOException {
    assertEquals(f.rawBytes.size() + f.strings.size(), r.variables().size());
    for (Map.Entry<String, byte[]> e : f.rawBytes.entrySet()) {
      String name = e.getKey();
      assertArrayEquals(e.getValue(), r.readBytes(name), name);
      assertEquals(f.shapes.get(name), r.variable(name).shape(), name);
    }
    for (Map.Entry<String, List<byte[]>> e : f.strings.entrySet()) {
      assertStringsEqual(e.getValue(), r.readStrings(e.getKey()), e.getKey());
    }
    assertArrayEquals(
        "héllo\u0000world".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        r.readString("a_string"));
    float[] expected = new float[12];
    ByteBuffer.wrap(f.rawBytes.get("w_float"))
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(expected);
    float[] actual = r.readFloats("w_float");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]));
    }
    assertEquals(0x80000000, Float.floatToRawIntBits(actual[0]));
    assertTrue(Float.isNaN(actual[1]));
  }

  private static void assertStringsEqual(List<byte[]> expected, List<byte[]> actual, String name) {
    assertEquals(expected.size(), actual.size(), name);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), name + "[" + i + "]");
    }
  }

  private static long findOffset(CheckpointReader r, String name) throws IOException {
    byte[] target = r.readBytes(name);
    byte[] all = Files.readAllBytes(Path.of(r.prefix() + ".data-00000-of-00001"));
    outer:
    for (int i = 0; i + target.length <= all.length; i++) {
      for (int j = 0; j < target.length; j++) {
        if (all[i + j] != target[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("tensor bytes not found in shard");
  }

  static Class<? extends TType> typeClass(DataType t) {
    switch (t) {
      case DT_FLOAT:
        return TFloat32.class;
      case DT_DOUBLE:
        return TFloat64.class;
      case DT_HALF:
        return TFloat16.class;
      case DT_BFLOAT16:
        return TBfloat16.class;
      case DT_INT32:
        return TInt32.class;
      case DT_INT64:
        return TInt64.class;
      case DT_UINT8:
        return TUint8.class;
      case DT_BOOL:
        return TBool.class;
      case DT_STRING:
        return TString.class;
      default:
        throw new IllegalArgumentException(t.toString());
    }
  }

  private static String[] emptyStrings(int n) {
    String[] out = new String[n];
    java.util.Arrays.fill(out, "");
    return out;
  }
}
