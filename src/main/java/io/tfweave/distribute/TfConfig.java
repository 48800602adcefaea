package io.tfweave.distribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code TF_CONFIG} convention of TensorFlow, Keras and Kubeflow's TFJob: {@code {"cluster": {"chief": ["host:port"],
 * "worker": ["host:port", ...]}, "task": {"type": "worker", "index": 0}}}. The replicas are the chief (if any) then the
 * workers, in order; the chief, or worker 0 without one, writes the files.
 *
 * @param cluster the task addresses by job
 * @param taskType this process's job ({@code chief} or {@code worker})
 * @param taskIndex this process's index in its job
 */
public record TfConfig(Map<String, List<String>> cluster, String taskType, int taskIndex) {
  /** Parses {@code json}; fails naming what is missing or wrong. */
  public static TfConfig parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "TF_CONFIG is not valid JSON: " + e.getMessage() + ". Received: " + json, e);
    }
    if (root == null || !root.path("cluster").isObject()) {
      throw new IllegalArgumentException(
          "TF_CONFIG needs a \"cluster\" object, e.g. {\"cluster\": {\"worker\": [\"localhost:12345\"]}, \"task\":"
              + " {\"type\": \"worker\", \"index\": 0}}. Received: " + json);
    }
    Map<String, List<String>> cluster = new LinkedHashMap<>();
    root.path("cluster").fields().forEachRemaining(e -> {
      List<String> tasks = new ArrayList<>();
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException(
            "TF_CONFIG cluster." + e.getKey() + " must be a list of \"host:port\"");
      }
      e.getValue().forEach(t -> tasks.add(t.asText()));
      cluster.put(e.getKey(), List.copyOf(tasks));
    });
    for (String job : cluster.keySet()) {
      if (!job.equals("chief") && !job.equals("worker")) {
        throw new IllegalArgumentException(
            "TF_CONFIG job '" + job + "' is not supported: multi-worker training"
                + " uses \"chief\" and \"worker\" (parameter servers and evaluators are not implemented)");
      }
    }
    JsonNode task = root.path("task");
    String type = task.path("type").asText("");
    int index = task.path("index").asInt(-1);
    if (!cluster.containsKey(type) || index < 0 || index >= cluster.get(type).size()) {
      throw new IllegalArgumentException(
          "TF_CONFIG task " + task + " is not in the cluster " + cluster
              + ": give {\"type\": \"worker\", \"index\": i} with i below the number of workers");
    }
    return new TfConfig(Map.copyOf(cluster), type, index);
  }

  /** The replica addresses: the chief's, then the workers'. */
  public List<String> replicas() {
    List<String> out = new ArrayList<>(cluster.getOrDefault("chief", List.of()));
    out.addAll(cluster.getOrDefault("worker", List.of()));
    return out;
  }

  /** This process's replica index in {@link #replicas()}. */
  public int rank() {
    return taskType.equals("chief")
        ? taskIndex
        : cluster.getOrDefault("chief", List.of()).size() + taskIndex;
  }
}
