package io.tfweave.applications;

import io.tfweave.blocks.ResidualBlock;
import io.tfweave.models.Sequential;

/**
 * A residual image classifier: five {@link ResidualBlock}s with 32, 64, 128, 256 and 512 filters, stride 1 for the first
 * and 2 for the others (each block adds its own 1×1 projection where the shape changes), then
 * {@code GlobalAveragePooling2D → Dense(256, relu) → [Dropout(p)] → Dense(classes, softmax)}.
 *
 * <pre>{@code
 * Model m = new ResidualCNN(10).inputShape(28, 28, 1).widthMultiplier(0.5).seed(1).build();
 * }</pre>
 *
 * <p>Blocks are named {@code block1} … {@code block5} (weights {@code block1_conv1/kernel}, …), followed by
 * {@code avg_pool}, {@code fc1}, {@code dropout} and {@code predictions}. On 28×28 inputs the spatial sizes are
 * 28 → 28 → 14 → 7 → 4 → 2.
 */
public final class ResidualCNN extends ClassifierBuilder<ResidualCNN> {
  /** The filters of the five blocks at width 1. */
  public static final int[] FILTERS_DEFAULT = {32, 64, 128, 256, 512};

  /** A builder for a classifier over {@code classes} classes. */
  public ResidualCNN(int classes) {
    super(classes, "residual_cnn", FILTERS_DEFAULT);
  }

  @Override
  void features(Sequential s, int[] filters) {
    for (int i = 0; i < filters.length; i++) {
      s.add(new ResidualBlock(filters[i], i == 0 ? 1 : 2)
          .momentum(batchNormMomentum())
          .named("block" + (i + 1)));
    }
  }
}
