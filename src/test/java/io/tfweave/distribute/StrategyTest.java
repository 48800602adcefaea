package io.tfweave.distribute;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.distribute.internal.RemoteSessions;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyTest {
  @Test
  void theReflectionForRemoteSessionsStillWorks() {
    // Fails loudly (with the fix) when a TF Java upgrade moves Graph.nativeHandle or Session(Graph,
    // TF_Session).
    assertDoesNotThrow(RemoteSessions::check);
  }

  @Test
  void tfConfigGivesTheReplicasChiefFirst() {
    TfConfig c =
        TfConfig.parse("{\"cluster\": {\"chief\": [\"a:1\"], \"worker\": [\"b:2\", \"c:3\"]},"
            + " \"task\": {\"type\": \"worker\", \"index\": 1}}");
    assertEquals(List.of("a:1", "b:2", "c:3"), c.replicas());
    assertEquals(2, c.rank());
    Strategy s = Strategy.of(c);
    assertEquals(3, s.count());
    assertEquals(2, s.rank());
    assertFalse(s.isChief());
    assertTrue(s.distributed());
    assertEquals(Strategy.OPERATION_TIMEOUT_MS_DEFAULT, s.operationTimeoutMillis());
    assertEquals(500, s.operationTimeoutMillis(500).operationTimeoutMillis());
  }

  @Test
  void withoutTfConfigOneProcess() {
    Strategy s = Strategy.single();
    assertEquals(1, s.count());
    assertTrue(s.isChief());
    assertFalse(s.distributed());
  }

  @Test
  void badTfConfigsSayWhatIsWrong() {
    var e1 = assertThrows(IllegalArgumentException.class, () -> TfConfig.parse("{"));
    assertTrue(e1.getMessage().contains("not valid JSON"), e1.getMessage());
    var e2 = assertThrows(
        IllegalArgumentException.class,
        () -> TfConfig.parse(
            "{\"cluster\": {\"worker\": [\"a:1\"]}, \"task\": {\"type\": \"worker\", \"index\": 3}}"));
    assertTrue(e2.getMessage().contains("not in the cluster"), e2.getMessage());
    var e3 = assertThrows(
        IllegalArgumentException.class,
        () -> TfConfig.parse(
            "{\"cluster\": {\"ps\": [\"a:1\"]}, \"task\": {\"type\": \"ps\", \"index\": 0}}"));
    assertTrue(e3.getMessage().contains("'ps' is not supported"), e3.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Strategy.workers(List.of("a:1"), 1));
  }
}
