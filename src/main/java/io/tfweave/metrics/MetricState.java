package io.tfweave.metrics;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * The graph side of one metric: an op that accumulates a batch, an op that resets the state, and the current result.
 *
 * @param update accumulates the current batch
 * @param reset  zeroes the state (start of an epoch or an evaluation)
 * @param result the metric's value over everything accumulated since the last reset
 */
public record MetricState(Op update, Op reset, Operand<TFloat32> result) {}
