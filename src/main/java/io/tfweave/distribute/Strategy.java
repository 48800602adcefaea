package io.tfweave.distribute;

import io.tfweave.distribute.internal.Collectives;
import io.tfweave.distribute.internal.RemoteSessions;
import io.tfweave.training.Replicas;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;
import org.tensorflow.types.TFloat32;

/**
 * Synchronous multi-worker training, as Keras's {@code MultiWorkerMirroredStrategy}: the same program runs on N processes,
 * each trains on its share of every global batch, and the gradients (and metric sums) are all-reduced every step by
 * TensorFlow's gRPC runtime and collective ops, so all replicas apply the same update and log the same values. Bind a model
 * before its first use: {@code model.distribute(Strategy.fromTfConfig())}.
 *
 * <p><b>Network.</b> TensorFlow's server listens on all interfaces without authentication, whatever address the cluster
 * names: run workers only on a private network (a Kubernetes NetworkPolicy, a firewall, or for tests a loopback-only network
 * namespace such as {@code unshare -rn}, which {@code tools/launch-local} uses).
 */
public final class Strategy implements Replicas {
  /** Keras's default has none; tfweave's is one minute, so a hung peer ends training instead of blocking forever. */
  public static final long OPERATION_TIMEOUT_MS_DEFAULT = 60_000;

  private static Server server; // one per JVM: TF cannot stop one
  private static List<String> serverCluster;
  private static int serverRank;

  private final List<String> replicas;
  private final int rank;
  private final long timeoutMs;
  private final boolean remote;
  /**
   * Instance keys of the all-reduces, one per op, for the whole JVM (strategies of several models share the server): the
   * same program builds its graphs in the same order on every worker, so the n-th all-reduce has key n everywhere.
   */
  private static final java.util.concurrent.atomic.AtomicInteger INSTANCE_KEYS =
      new java.util.concurrent.atomic.AtomicInteger();

  private Strategy(List<String> replicas, int rank, long timeoutMs, boolean remote) {
    if (replicas.isEmpty())
      throw new IllegalArgumentException("A strategy needs at least one worker");
    if (rank < 0 || rank >= replicas.size()) {
      throw new IllegalArgumentException(
          "taskIndex must be in [0, " + replicas.size() + "). Received: " + rank);
    }
    if (timeoutMs <= 0)
      throw new IllegalArgumentException(
          "operationTimeoutMillis must be positive. Received: " + timeoutMs);
    this.replicas = List.copyOf(replicas);
    this.rank = rank;
    this.timeoutMs = timeoutMs;
    this.remote = remote;
  }

  /** One process: no servers, no all-reduce. */
  public static Strategy single() {
    return new Strategy(List.of("local"), 0, OPERATION_TIMEOUT_MS_DEFAULT, false);
  }

  /** From the {@code TF_CONFIG} environment variable; without it, {@link #single()}. */
  public static Strategy fromTfConfig() {
    String env = System.getenv("TF_CONFIG");
    return env == null || env.isBlank() ? single() : of(TfConfig.parse(env));
  }

  /** From a parsed {@code TF_CONFIG}. */
  public static Strategy of(TfConfig config) {
    return new Strategy(config.replicas(), config.rank(), OPERATION_TIMEOUT_MS_DEFAULT, true);
  }

  /** An explicit cluster: {@code workers} ({@code host:port}, the chief first) and this process's index among them. */
  public static Strategy workers(List<String> workers, int taskIndex) {
    return new Strategy(workers, taskIndex, OPERATION_TIMEOUT_MS_DEFAULT, true);
  }

  /** The same cluster with an operation timeout of {@code ms}: a peer silent that long fails {@code fit}. */
  public Strategy operationTimeoutMillis(long ms) {
    return new Strategy(replicas, rank, ms, remote);
  }

  @Override
  public int count() {
    return replicas.size();
  }

  @Override
  public int rank() {
    return rank;
  }

  /** True with more than one worker. */
  public boolean distributed() {
    return replicas.size() > 1;
  }

  /** The workers' addresses, the chief first. */
  public List<String> workers() {
    return replicas;
  }

  /** The operation timeout in milliseconds. */
  public long operationTimeoutMillis() {
    return timeoutMs;
  }

  /** The address of worker {@code i}. */
  public String worker(int i) {
    return replicas.get(i);
  }

  @Override
  public List<Operand<TFloat32>> allReduceSum(Ops tf, List<Operand<TFloat32>> values) {
    if (!distributed()) return values;
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Operand<TFloat32> v : values)
      out.add(
          Collectives.sum(tf, v, count(), 1, INSTANCE_KEYS.incrementAndGet(), timeoutMs / 1000f));
    return out;
  }

  @Override
  public RuntimeException failure(RuntimeException e) {
    if (!distributed() || e instanceof WorkerFailedException) return e;
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause())
      text.append(t.getMessage()).append('\n');
    String all = text.toString();
    boolean timeout =
        all.contains("timed out") || all.contains("Deadline") || all.contains("DEADLINE");
    boolean peer = timeout
        || all.contains("Unavailable")
        || all.contains("UNAVAILABLE")
        || all.contains("Connection")
        || all.contains("Socket closed")
        || all.contains("aborted")
        || all.contains("Collective")
        || all.contains("peer")
        || all.contains("failed to connect");
    if (!peer) return e;
    java.util.Set<Integer> named = new java.util.TreeSet<>();
    var m = java.util.regex.Pattern.compile("/job:worker/replica:0/task:(\\d+)").matcher(all);
    while (m.find()) {
      int t = Integer.parseInt(m.group(1));
      if (t != rank) named.add(t);
    }
    String who;
    if (named.isEmpty()) {
      List<String> others = new ArrayList<>();
      for (int i = 0; i < replicas.size(); i++)
        if (i != rank) others.add(i + " (" + replicas.get(i) + ")");
      who = others.size() == 1 ? "worker " + others.get(0) : "one of the workers " + others;
    } else {
      List<String> ws = new ArrayList<>();
      for (int t : named) ws.add(t + " (" + replicas.get(t) + ")");
      who = "worker " + String.join(", ", ws);
    }
    String first = e.getMessage() == null
        ? e.toString()
        : e.getMessage().lines().findFirst().orElse("");
    return new WorkerFailedException(
        "Worker " + rank + " (" + replicas.get(rank) + "): training stopped because "
            + who
            + (timeout
                ? " did not answer within " + timeoutMs + " ms"
                : " failed or left the cluster")
            + ". Restart all workers (with BackupAndRestore the job resumes from the last epoch). TensorFlow said: "
            + first,
        e);
  }

  /**
   * A session for {@code graph}: a local one for {@link #single()}; for workers (even a cluster of one, which measures
   * the distributed runtime's own cost), one through this process's gRPC server
   * (started on first use) that sees only this task's devices and times out after {@link #operationTimeoutMillis()}.
   */
  public Session session(Graph graph, ConfigProto config) {
    if (!remote) return new Session(graph, config);
    RemoteSessions.check();
    String port = startServer();
    ConfigProto cfg = config.toBuilder()
        .clearDeviceFilters()
        .addDeviceFilters("/job:worker/replica:0/task:" + rank)
        .setOperationTimeoutInMs(timeoutMs)
        // Variables of a remote session live in the server, shared by name with every other session
        // of this JVM's
        // models unless isolated.
        .setIsolateSessionState(true)
        .setExperimental(config.getExperimental().toBuilder()
            .setCollectiveGroupLeader("/job:worker/replica:0/task:0"))
        .build();
    return RemoteSessions.open(graph, "grpc://localhost:" + port, cfg);
  }

  private synchronized String startServer() {
    synchronized (Strategy.class) {
      if (server != null) {
        if (!serverCluster.equals(replicas) || serverRank != rank) {
          throw new IllegalStateException(
              "This JVM already runs worker " + serverRank + " of " + serverCluster
                  + "; TensorFlow cannot stop a server, so a JVM is one worker of one cluster. Received: worker "
                  + rank
                  + " of " + replicas);
        }
      } else {
        JobDef.Builder job = JobDef.newBuilder().setName("worker");
        for (int i = 0; i < replicas.size(); i++) job.putTasks(i, replicas.get(i));
        ConfigProto defaults = ConfigProto.newBuilder()
            .setOperationTimeoutInMs(timeoutMs)
            .setExperimental(ConfigProto.Experimental.newBuilder()
                .setCollectiveGroupLeader("/job:worker/replica:0/task:0"))
            .build();
        ServerDef def = ServerDef.newBuilder()
            .setCluster(ClusterDef.newBuilder().addJob(job))
            .setJobName("worker")
            .setTaskIndex(rank)
            .setProtocol("grpc")
            .setDefaultSessionConfig(defaults)
            .build();
        Server s = new Server(def);
        s.start();
        server = s;
        serverCluster = replicas;
        serverRank = rank;
      }
    }
    String self = replicas.get(rank);
    return self.substring(self.lastIndexOf(':') + 1);
  }
}
