package io.tfweave.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.examples.clitest.EchoExample;
import io.tfweave.training.History;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfweaveCliTest {
  @TempDir
  static Path shared;

  static Path model;

  @TempDir
  Path dir;

  @BeforeAll
  static void exportModel() throws IOException {
    model = TinySavedModel.export(shared.resolve("tiny"));
    TinySavedModel.addModelJson(model);
  }

  private static void assertRows(float[][] x, JsonNode predictions) {
    assertEquals(x.length, predictions.size());
    for (int i = 0; i < x.length; i++) {
      float[] got = new float[3];
      for (int j = 0; j < 3; j++) got[j] = (float) predictions.get(i).get(j).asDouble();
      assertArrayEquals(TinySavedModel.expected(x[i]), got, "row " + i);
    }
  }

  @Test
  void inspectShowsSignaturesInputsOutputsAndVariables() {
    CliRun r = CliRun.of("inspect", model.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("signature_def['serving_default']"), r::toString);
    assertTrue(
        r.out()
            .contains("inputs['x'] tensor_info:\n        dtype: DT_FLOAT\n        shape: (-1, 2)"),
        r::toString);
    assertTrue(r.out().contains("outputs['y'] tensor_info:"), r::toString);
    assertTrue(
        r.out().matches("(?s).*dense/kernel\\s+float\\s+\\(2, 3\\)\\s+6\\s+24.*"), r::toString);
    assertTrue(r.out().contains("Total: 9 elements, 36 bytes"), r::toString);
  }

  @Test
  void predictJsonInstancesMatchDirectComputation() throws IOException {
    float[][] x = {{1, 2}, {3, -1.5f}, {0.25f, 0}};
    Path request = dir.resolve("request.json");
    Files.writeString(request, new ObjectMapper().writeValueAsString(Map.of("instances", x)));
    CliRun r = CliRun.of("predict", model.toString(), "--input", request.toString());
    assertEquals(0, r.code(), r::toString);
    assertRows(x, new ObjectMapper().readTree(r.out()).get("predictions"));

    Files.writeString(request, "{\"inputs\": {\"x\": [[1, 2]]}}");
    r = CliRun.of("predict", model.toString(), "-i", request.toString());
    assertEquals(0, r.code(), r::toString);
    assertRows(new float[][] {{1, 2}}, new ObjectMapper().readTree(r.out()).get("outputs"));
  }

  @Test
  void predictNpyAndCsvToFile() throws IOException {
    double[] values = {1, 2, -3, 0.5};
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
    header += " ".repeat(63 - (10 + header.length()) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * values.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
        .putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (double v : values) b.putDouble(v);
    Path npy = Files.write(dir.resolve("x.npy"), b.array());
    Path out = dir.resolve("out/predictions.json");
    CliRun r =
        CliRun.of("predict", model.toString(), "--input", "x=" + npy, "--output", out.toString());
    assertEquals(0, r.code(), r::toString);
    float[][] x = {{1, 2}, {-3, 0.5f}};
    assertRows(x, new ObjectMapper().readTree(out.toFile()).get("predictions"));

    Path csv = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n-3,0.5\n");
    r = CliRun.of("predict", model.toString(), "--input", csv.toString());
    assertEquals(0, r.code(), r::toString);
    assertRows(x, new ObjectMapper().readTree(r.out()).get("predictions"));
  }

  /** The {@code error} of a TF Serving-style error answer on stdout. */
  private static String error(CliRun r) throws IOException {
    var node = new ObjectMapper().readTree(r.out());
    assertTrue(node != null && node.has("error") && node.size() == 1, r::toString);
    return node.get("error").asText();
  }

  @Test
  void badInputExitsNonZeroWithUsage() throws IOException {
    CliRun r = CliRun.of();
    assertEquals(TfweaveCli.EXIT_USAGE, r.code(), r::toString);
    assertTrue(
        r.err().contains("Missing required command") && r.err().contains("Usage: tfweave"),
        r::toString);

    r = CliRun.of("predict", model.toString());
    assertEquals(TfweaveCli.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("Missing required option: '--input=[KEY=]FILE'"), r::toString);
    assertTrue(r.err().contains("Usage: tfweave predict"), r::toString);

    // A failed predict answers as TF Serving's REST API does: {"error": "..."} (here on stdout),
    // exit non-zero.
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"instances\": [[1, 2], [3]]}");
    r = CliRun.of("predict", model.toString(), "--input", bad.toString());
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertTrue(error(r).contains("every instance must have the same shape"), r::toString);

    Files.writeString(bad, "{\"instances\": [[1, 2, 3]]}");
    r = CliRun.of("predict", model.toString(), "--input", bad.toString());
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertTrue(
        error(r)
            .contains(
                "input 'x' expects shape (-1, 2) (-1 = any), but the request gives shape (1, 3)"),
        r::toString);

    Files.writeString(bad, "{\"instances\": [1, 2");
    r = CliRun.of("predict", model.toString(), "--input", bad.toString());
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertTrue(error(r).contains("is not valid JSON"), r::toString);

    // TF Serving's JSON type checks: no booleans for a float input.
    Files.writeString(bad, "{\"instances\": [[true, 2.0]]}");
    r = CliRun.of("predict", model.toString(), "--input", bad.toString());
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertEquals(
        "JSON Value: true Type: True is not of expected type: float", error(r), r::toString);

    // NaN and Infinity are numbers both ways, written as bare tokens as TF Serving writes them.
    Files.writeString(bad, "{\"instances\": [[NaN, 2.0], [Infinity, -Infinity]]}");
    r = CliRun.of("predict", model.toString(), "--input", bad.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("NaN") && !r.out().contains("\"NaN\""), r::toString);

    r = CliRun.of("inspect", dir.resolve("missing").toString());
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertTrue(r.err().contains("does not exist"), r::toString);

    r = CliRun.of("plot", dir.resolve("missing.csv").toString());
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertTrue(
        r.err().contains("history CSV '") && r.err().contains("' does not exist"), r::toString);
  }

  @Test
  void plotWritesPng() throws IOException {
    History h = new History();
    h.append(0, Map.of("loss", 1.0, "val_loss", 1.2));
    h.append(1, Map.of("loss", 0.6, "val_loss", 0.9));
    h.append(2, Map.of("loss", 0.4, "val_loss", 0.8));
    Path csv = dir.resolve("history.csv");
    h.writeCsv(csv);
    CliRun r = CliRun.of("plot", csv.toString(), "--width", "320", "--height", "240");
    assertEquals(0, r.code(), r::toString);
    byte[] png = Files.readAllBytes(dir.resolve("history.png"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    assertTrue(r.out().contains("Wrote " + dir.resolve("history.png")), r::toString);
  }

  @Test
  void summaryPrintsLayerTableOfTfweaveExport() {
    CliRun r = CliRun.of("summary", model.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("Model: \"tiny\" (Functional)"), r::toString);
    assertTrue(
        r.out().matches("(?s).*\\n x \\(InputLayer\\)\\s+\\(None, 2\\)\\s+0\\n.*"), r::toString);
    assertTrue(
        r.out().matches("(?s).*\\n dense \\(Dense\\)\\s+\\?\\s+9\\s+x\\[0\\]\\[0\\]\\n.*"),
        r::toString);
    assertTrue(
        r.out().contains("Total params: 9\nTrainable params: 6\nNon-trainable params: 3\n"),
        r::toString);
    assertTrue(
        r.out().contains("provenance.optimizer: {\"name\":\"adam\",\"learning_rate\":0.001}"),
        r::toString);
  }

  @Test
  void summaryReadsKerasStyleJsonWithCheckpointCounts() throws IOException {
    Path keras = TinySavedModel.export(dir.resolve("keras"));
    TinySavedModel.addKerasStyleModelJson(keras);
    CliRun r = CliRun.of("summary", keras.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().matches("(?s).*dense \\(Dense\\)\\s+\\(None, 3\\)\\s+9\\n.*"), r::toString);
    assertTrue(r.out().matches("(?s).*dropout \\(Dropout\\)\\s+\\?\\s+0\\n.*"), r::toString);
    assertTrue(r.out().contains("Total params: 9 (from the checkpoint)"), r::toString);
    assertTrue(r.out().contains("keras_version: 2.15.0"), r::toString);
  }

  @Test
  void summaryWithoutModelJsonListsVariablesByLayer() throws IOException {
    Path plain = TinySavedModel.export(dir.resolve("plain"));
    CliRun r = CliRun.of("summary", plain.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("No assets/model.json"), r::toString);
    assertTrue(r.out().matches("(?s).*\\n dense\\s+9\\n.*Total params: 9\\n.*"), r::toString);
  }

  @Test
  void trainRunsExamplesByNameAndListsThem() {
    EchoExample.RUNS.clear();
    CliRun r = CliRun.of("train", "clitest", "--epochs", "3", "extra");
    assertEquals(0, r.code(), r::toString);
    assertEquals(List.of(List.of("--epochs", "3", "extra")), EchoExample.RUNS);

    r = CliRun.of("train", "--list");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("clitest\tio.tfweave.examples.clitest.EchoExample"), r::toString);

    r = CliRun.of("train", "nosuch");
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertTrue(
        r.err().contains("no example 'nosuch' on the classpath. Available examples: clitest"),
        r::toString);

    r = CliRun.of("train", "clitest", "--fail");
    assertEquals(TfweaveCli.EXIT_FAILURE, r.code(), r::toString);
    assertTrue(r.err().contains("example 'clitest.EchoExample'"), r::toString);
  }
}
