package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.formats.SavedModelInfo.SignatureInfo;
import io.tfweave.formats.SavedModelInfo.TensorSpec;
import io.tfweave.formats.SavedModelInfo.VariableInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

class SavedModelInfoTest {
  @TempDir
  Path dir;

  @Test
  void describesTf1Export() throws IOException {
    CheckpointFixture.standard().export(dir);
    SavedModelInfo info = SavedModelInfo.read(dir);
    assertEquals(Set.of("serve"), info.tags());
    assertFalse(info.hasObjectGraph());
    SignatureInfo sig = info.signatures().get("serving_default");
    assertEquals("tensorflow/serving/predict", sig.methodName());
    // Shape.equals is false for shapes with unknown (-1) dimensions, so compare the arrays.
    TensorSpec in = sig.inputs().get(0);
    assertEquals(1, sig.inputs().size());
    assertEquals("features", in.key());
    assertEquals("x:0", in.tensorName());
    assertEquals(DataType.DT_FLOAT, in.dtype());
    assertArrayEquals(new long[] {-1, 3}, in.shape().asArray());
    assertEquals("doubled", sig.outputs().get(0).key());
    assertEquals("y:0", sig.outputs().get(0).tensorName());
    List<VariableInfo> vars = info.variables();
    assertEquals(13, vars.size());
    assertTrue(vars.contains(
        new VariableInfo("conv/kernel", "VariableV2", DataType.DT_FLOAT, Shape.of(3, 3, 2, 4))));
    assertTrue(vars.contains(
        new VariableInfo("a_string", "VariableV2", DataType.DT_STRING, Shape.scalar())));
    assertEquals(info.metaGraph().getGraphDef().getNodeCount(), info.opCount());
    assertEquals(13, info.opTypeCounts().get("VariableV2"));
    String text = info.describe();
    assertTrue(
        text.contains("MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:"));
    assertTrue(
        text.contains("signature_def['serving_default']:\n"
            + "  The given SavedModel SignatureDef contains the following input(s):\n"
            + "    inputs['features'] tensor_info:\n"
            + "        dtype: DT_FLOAT\n"
            + "        shape: (-1, 3)\n"
            + "        name: x:0\n"),
        text);
    assertTrue(text.contains("  Method name is: tensorflow/serving/predict\n"), text);
    assertTrue(text.contains("  conv/kernel: DT_FLOAT (3, 3, 2, 4)\n"), text);
    assertTrue(text.contains("  w_int: DT_INT32 (5,)\n"), text);
  }

  @Test
  void describesRealKeras3Export() throws IOException {
    SavedModelInfo info = SavedModelInfo.read(KerasWeightMapTest.resource("keras3_export"));
    assertTrue(info.hasObjectGraph());
    assertEquals("2.21.0", info.tensorflowVersion());
    assertEquals(
        Set.of("__saved_model_init_op", "serve", "serving_default"),
        info.signatures().keySet());
    TensorSpec in = info.signatures().get("serving_default").inputs().get(0);
    assertArrayEquals(new long[] {-1, 8, 8, 3}, in.shape().asArray());
    assertArrayEquals(
        new long[] {-1, 3},
        info.signatures().get("serving_default").outputs().get(0).shape().asArray());
    assertEquals(14, info.variables().size());
    assertTrue(info.variables()
        .contains(new VariableInfo(
            "tiny/head/kernel", "SavedVariable", DataType.DT_FLOAT, Shape.of(4, 3))));
    assertTrue(info.opTypeCounts().containsKey("DepthwiseConv2dNative"));
    assertTrue(info.describe().contains("shape: (-1, 8, 8, 3)"));
  }

  /** TF Java 1.0.0 (TF 2.16 runtime) runs a Keras 3 export written by TF 2.21. */
  @Test
  void realKeras3ExportRunsInTfJava() throws IOException {
    Path sm = KerasWeightMapTest.resource("keras3_export");
    JsonNode probe =
        new ObjectMapper().readTree(sm.resolveSibling("weights.json").toFile()).path("probe");
    float[] input = new float[probe.path("input").size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) probe.path("input").get(i).asDouble();
    }
    String key = SavedModelInfo.read(sm)
        .signatures()
        .get("serving_default")
        .inputs()
        .get(0)
        .key();
    try (SavedModelBundle b = SavedModelBundle.load(sm.toString(), "serve");
        TFloat32 x = TFloat32.tensorOf(Shape.of(2, 8, 8, 3), DataBuffers.of(input));
        Result r = b.function("serving_default").call(Map.of(key, x))) {
      TFloat32 y = (TFloat32) r.get(0);
      JsonNode expected = probe.path("output");
      assertEquals(Shape.of(2, 3), y.shape());
      for (int i = 0; i < 6; i++) {
        assertEquals(expected.get(i).asDouble(), y.getFloat(i / 3, i % 3), 1e-4);
      }
    }
  }

  @Test
  void explainsMissingFilesAndTags() throws IOException {
    var e = assertThrows(IOException.class, () -> SavedModelInfo.read(dir));
    assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
    CheckpointFixture.standard().export(dir);
    var t = assertThrows(IllegalArgumentException.class, () -> SavedModelInfo.read(dir, "train"));
    assertTrue(
        t.getMessage()
            .contains(
                "expected a meta graph tagged [train], but the SavedModel has tag-sets [[serve]]"),
        t.getMessage());
    Files.write(dir.resolve("saved_model.pb"), new byte[] {1, 2, 3});
    var c = assertThrows(CorruptFileException.class, () -> SavedModelInfo.read(dir));
    assertTrue(c.getMessage().contains("expected a serialized SavedModel proto"), c.getMessage());
  }
}
