package io.tfweave.data;

import io.tfweave.internal.DataChecks;
import java.util.List;

/**
 * Options of {@link Sequences#padSequences}, with the names and defaults of Keras's
 * {@code pad_sequences}: {@code maxlen} (default: the longest sequence), {@code padding} and
 * {@code truncating} ({@code "pre"} or {@code "post"}, default {@code "pre"}) and {@code value}
 * (default 0).
 *
 * <p>Instances are immutable; each option method returns a new instance:
 * {@code PadOptions.defaults().maxlen(200).padding("post")}.
 */
public final class PadOptions {
  /** Pad or truncate at the start of each sequence (Keras's default). */
  public static final String PRE = "pre";
  /** Pad or truncate at the end of each sequence. */
  public static final String POST = "post";
  /** The padding value used unless {@link #value(int)} says otherwise. */
  public static final int VALUE_DEFAULT = 0;

  private static final List<String> SIDES = List.of(PRE, POST);
  private static final PadOptions DEFAULTS = new PadOptions(null, PRE, PRE, VALUE_DEFAULT);

  private final Integer maxlen;
  private final String padding;
  private final String truncating;
  private final int value;

  private PadOptions(Integer maxlen, String padding, String truncating, int value) {
    this.maxlen = maxlen;
    this.padding = padding;
    this.truncating = truncating;
    this.value = value;
  }

  /** Returns Keras's defaults: no maxlen, pre-padding, pre-truncation, value 0. */
  public static PadOptions defaults() {
    return DEFAULTS;
  }

  /** Sets the output length; longer sequences are truncated. Must be positive. */
  public PadOptions maxlen(int maxlen) {
    return new PadOptions(DataChecks.positive("maxlen", maxlen), padding, truncating, value);
  }

  /** Sets where padding goes: {@code "pre"} (before the sequence) or {@code "post"}. */
  public PadOptions padding(String padding) {
    return new PadOptions(maxlen, DataChecks.oneOf("padding", padding, SIDES), truncating, value);
  }

  /** Sets where long sequences lose values: {@code "pre"} (their start) or {@code "post"}. */
  public PadOptions truncating(String truncating) {
    return new PadOptions(
        maxlen, padding, DataChecks.oneOf("truncating", truncating, SIDES), value);
  }

  /** Sets the padding value. */
  public PadOptions value(int value) {
    return new PadOptions(maxlen, padding, truncating, value);
  }

  /** Returns the output length, or {@code null} for the length of the longest sequence. */
  public Integer maxlen() {
    return maxlen;
  }

  /** Returns {@code "pre"} or {@code "post"}. */
  public String padding() {
    return padding;
  }

  /** Returns {@code "pre"} or {@code "post"}. */
  public String truncating() {
    return truncating;
  }

  /** Returns the padding value. */
  public int value() {
    return value;
  }
}
