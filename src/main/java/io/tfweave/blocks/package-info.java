/**
 * Composite layers built from other layers: {@link io.tfweave.blocks.ResidualBlock} (a ResNet basic block as one layer),
 * {@link io.tfweave.blocks.ResidualBlocks} (the same block wired from separate layers in the functional API), and the
 * Transformer blocks of keras_hub, {@link io.tfweave.blocks.TransformerEncoder} and
 * {@link io.tfweave.blocks.TokenAndPositionEmbedding}. Keras has no module for the first two; {@code keras.applications}
 * builds such blocks inline. {@link io.tfweave.blocks.Blocks} registers them
 * with {@link io.tfweave.layers.LayerRegistry}.
 */
package io.tfweave.blocks;
