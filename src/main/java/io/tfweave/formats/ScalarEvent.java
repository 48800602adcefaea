package io.tfweave.formats;

/**
 * One scalar summary point read from a TensorBoard event file.
 *
 * @param step the global step the value was written at
 * @param wallTime seconds since the epoch when the event was written
 * @param value the scalar, widened to double
 */
public record ScalarEvent(long step, double wallTime, double value) {}
