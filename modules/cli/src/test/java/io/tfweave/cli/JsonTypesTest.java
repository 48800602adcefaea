package io.tfweave.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;

/** TF Serving's JSON type checks (json_tensor.cc): the value, rapidjson's type name and TensorFlow's dtype name. */
class JsonTypesTest {
  static void rejects(String json, DataType dtype, String message) throws Exception {
    var e = assertThrows(
        CliException.class, () -> JsonArrays.parse(new ObjectMapper().readTree(json), "x", dtype));
    assertEquals(message, e.getMessage());
  }

  @Test
  void integerInputsTakeIntegersOnly() throws Exception {
    rejects(
        "[1, 3.0]",
        DataType.DT_INT32,
        "JSON Value: 3.0 Type: Number is not of expected type: int32");
    rejects(
        "[true]", DataType.DT_INT64, "JSON Value: true Type: True is not of expected type: int64");
    rejects(
        "[\"7\"]",
        DataType.DT_INT32,
        "JSON Value: \"7\" Type: String is not of expected type: int32");
    assertArrayEquals(
        new double[] {1, -2},
        JsonArrays.parse(new ObjectMapper().readTree("[1, -2]"), "x", DataType.DT_INT32)
            .values());
  }

  @Test
  void floatAndBoolInputs() throws Exception {
    rejects(
        "[[1.5, false]]",
        DataType.DT_FLOAT,
        "JSON Value: false Type: False is not of expected type: float");
    rejects("[1]", DataType.DT_BOOL, "JSON Value: 1 Type: Number is not of expected type: bool");
    rejects(
        "[null]",
        DataType.DT_DOUBLE,
        "JSON Value: null Type: Null is not of expected type: double");
    assertArrayEquals(
        new double[] {1, 2.5},
        JsonArrays.parse(new ObjectMapper().readTree("[1, 2.5]"), "x", DataType.DT_FLOAT)
            .values());
    assertArrayEquals(
        new double[] {1, 0},
        JsonArrays.parse(new ObjectMapper().readTree("[true, false]"), "x", DataType.DT_BOOL)
            .values());
  }
}
