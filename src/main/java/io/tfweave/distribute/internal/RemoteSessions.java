package io.tfweave.distribute.internal;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * A {@link Session} whose target is a gRPC server ({@code grpc://localhost:PORT}), which TF Java 1.0.0's public API cannot
 * make: its constructors take no target. Built through TensorFlow's C API ({@code TF_SetTarget}, {@code TF_NewSession})
 * and wrapped by the package-private {@code Session(Graph, TF_Session)} constructor. All the reflection tfweave uses lives
 * here; {@link #check()} fails loudly when a TF Java upgrade moves what it relies on.
 */
public final class RemoteSessions {
  private RemoteSessions() {}

  /** Fails with the fix when the reflection this class needs ({@code Graph.nativeHandle}, the constructor, {@code autoInit}) is not available (checked before starting servers). */
  public static void check() {
    graphHandle();
    sessionConstructor();
    autoInit();
  }

  /** A session on {@code graph} that runs through the server at {@code target}, configured by {@code config}. */
  public static Session open(Graph graph, String target, ConfigProto config) {
    TF_Graph g;
    try {
      g = (TF_Graph) graphHandle().get(graph);
    } catch (IllegalAccessException e) {
      throw broken(e);
    }
    TF_Status status = TF_NewStatus();
    TF_SessionOptions opts = TF_NewSessionOptions();
    try {
      TF_SetTarget(opts, target);
      byte[] cfg = config.toByteArray();
      try (BytePointer p = new BytePointer(cfg)) {
        TF_SetConfig(opts, p, cfg.length, status);
        ok(status, "TF_SetConfig");
      }
      var s = TF_NewSession(g, opts, status);
      ok(status, "TF_NewSession(" + target + ")");
      Session session = sessionConstructor().newInstance(graph, s);
      // As the public constructors do: run the graph's pending initializers before a run.
      autoInit().setBoolean(session, true);
      return session;
    } catch (ReflectiveOperationException e) {
      throw broken(e);
    } finally {
      TF_DeleteSessionOptions(opts);
      status.close();
    }
  }

  private static void ok(TF_Status s, String what) {
    if (TF_GetCode(s) != 0) {
      throw new IllegalStateException(what + " failed: " + TF_Message(s).getString());
    }
  }

  private static Field graphHandle() {
    try {
      Field f = Graph.class.getDeclaredField("nativeHandle");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw broken(e);
    }
  }

  private static Field autoInit() {
    try {
      Field f = Session.class.getDeclaredField("autoInit");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw broken(e);
    }
  }

  private static Constructor<Session> sessionConstructor() {
    try {
      Constructor<Session> c = Session.class.getDeclaredConstructor(
          Graph.class, org.tensorflow.internal.c_api.TF_Session.class);
      c.setAccessible(true);
      return c;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw broken(e);
    }
  }

  private static IllegalStateException broken(Exception e) {
    return new IllegalStateException(
        "Multi-worker training needs TF Java 1.0.0's Graph.nativeHandle field and its"
            + " Session(Graph, TF_Session) constructor (" + e
            + "). On the module path, open the package: add the JVM option"
            + " --add-opens tensorflow/org.tensorflow=io.tfweave (or =ALL-UNNAMED on the class path). After a TF Java upgrade,"
            + " update io.tfweave.distribute.internal.RemoteSessions.",
        e);
  }
}
