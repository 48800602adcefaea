/** The soak test: training, concurrent prediction and checkpointing for a long time, with memory, descriptors and threads. */
package io.tfweave.bench.soak;
