package io.tfweave.data.format;

import java.util.List;

/**
 * An object a pickle would build by calling a global ({@code REDUCE}, {@code NEWOBJ}), kept
 * inert: the callable, its arguments and the state later passed to {@code BUILD}.
 *
 * <p>For a numpy array the callable is {@code numpy.core.multiarray._reconstruct} (numpy 1.x)
 * or {@code numpy._core.multiarray._reconstruct} (numpy 2.x) and the state is the tuple
 * {@code (version, shape, dtype, is_fortran, data)}.
 */
public final class PickleObject {
  private final PickleGlobal callable;
  private final List<Object> args;
  private Object state;

  PickleObject(PickleGlobal callable, List<Object> args) {
    this.callable = callable;
    this.args = args;
  }

  /** Returns the class or function that would have been called. */
  public PickleGlobal callable() {
    return callable;
  }

  /** Returns the positional arguments of the call, as an unmodifiable list. */
  public List<Object> args() {
    return args;
  }

  /** Returns the state set by {@code BUILD}, or {@code null} when there was none. */
  public Object state() {
    return state;
  }

  void build(Object newState) {
    this.state = newState;
  }

  /** Returns {@code module.name(...)} with the number of arguments, for error messages. */
  @Override
  public String toString() {
    return callable + "(" + args.size() + (args.size() == 1 ? " arg)" : " args)");
  }
}
