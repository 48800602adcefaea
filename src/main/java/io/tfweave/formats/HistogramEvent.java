package io.tfweave.formats;

import java.util.List;

/**
 * One histogram summary point read from a TensorBoard event file.
 *
 * <p>Bucket {@code i} counts values in {@code (bucketLimits[i-1], bucketLimits[i]]}, the layout
 * of {@code HistogramProto}. TF2 tensor histograms ({@code [k, 3]} rows of left edge, right edge,
 * count) are converted to that layout; they do not record a sum, so {@link #sum()} is NaN.
 *
 * @param step the global step
 * @param wallTime seconds since the epoch
 * @param min the smallest value
 * @param max the largest value
 * @param count the number of values
 * @param sum the sum of the values, or NaN when not recorded
 * @param bucketLimits the right edge of each bucket
 * @param bucketCounts the number of values in each bucket
 */
public record HistogramEvent(
    long step,
    double wallTime,
    double min,
    double max,
    double count,
    double sum,
    List<Double> bucketLimits,
    List<Double> bucketCounts) {
  /** Copies the bucket lists so the event stays immutable. */
  public HistogramEvent {
    bucketLimits = List.copyOf(bucketLimits);
    bucketCounts = List.copyOf(bucketCounts);
  }
}
