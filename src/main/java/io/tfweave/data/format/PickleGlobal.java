package io.tfweave.data.format;

/**
 * A reference to a Python class or function found in a pickle ({@code GLOBAL} or
 * {@code STACK_GLOBAL}), kept as its module and name; nothing is ever imported or called.
 *
 * @param module the Python module, e.g. {@code numpy.core.multiarray}
 * @param name the attribute in that module, e.g. {@code _reconstruct}
 */
public record PickleGlobal(String module, String name) {
  /** Returns {@code module.name}. */
  @Override
  public String toString() {
    return module + "." + name;
  }
}
