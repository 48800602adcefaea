/**
 * Composite layers built from other layers: {@link io.tfweave.blocks.ResidualBlock} (a ResNet basic block as one layer) and
 * {@link io.tfweave.blocks.ResidualBlocks} (the same block wired from separate layers in the functional API). Keras has no
 * module for these; {@code keras.applications} builds such blocks inline. {@link io.tfweave.blocks.Blocks} registers them
 * with {@link io.tfweave.layers.LayerRegistry}.
 */
package io.tfweave.blocks;
