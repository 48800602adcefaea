package io.tfweave.shape;

/** Thrown when a layer receives an input whose shape it cannot accept; names the layer, the expected and the actual shape. */
public final class ShapeMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String layer;
  private final String expected;
  private final String actual;

  public ShapeMismatchException(String layer, String expected, String actual, String message) {
    super(message);
    this.layer = layer;
    this.expected = expected;
    this.actual = actual;
  }

  /** The name of the layer that rejected its input. */
  public String layer() {
    return layer;
  }

  /** What the layer expected, in words or as a shape. */
  public String expected() {
    return expected;
  }

  /** The shape that was received. */
  public String actual() {
    return actual;
  }
}
