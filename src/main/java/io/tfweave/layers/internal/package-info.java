/**
 * Helpers shared by the layer families: config reading and writing, the kernel and bias options, and the spatial options
 * and shape arithmetic of the 2-D layers. Not exported from the module and not API: public only so that the
 * {@code io.tfweave.layers} sub-packages can share them, and free to change in any release.
 */
package io.tfweave.layers.internal;
