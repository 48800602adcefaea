/**
 * Shape helpers ({@code -1} is an unknown size, the batch) and {@link io.tfweave.shape.ShapeMismatchException}, which names
 * the layer, the shape it expected and the one it received. This is the lowest package: it depends on no other of tfweave's.
 */
package io.tfweave.shape;
