/** Multi-worker training: the Fashion-MNIST BasicCNN on 1, 2 and 4 worker processes. */
package io.tfweave.examples.distributed;
