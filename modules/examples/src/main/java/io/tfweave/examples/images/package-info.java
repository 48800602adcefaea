/**
 * The image classification workload: {@link io.tfweave.examples.images.FashionMnistSweep} reproduces the report's sweep
 * (BasicCNN and ResidualCNN on Fashion-MNIST: learning rates × batch sizes, then dropout on the best configuration).
 *
 * <p>Benchmark note: the reference configuration for speed measurements is
 * {@code new BasicCNN(10).inputShape(28, 28, 1).seed(1).build()} compiled with
 * {@code Optimizers.sgd(0.01).momentum(0.9)} (or Adam), {@code Losses.sparseCategoricalCrossentropy()} and
 * {@code Metrics.accuracy()}, trained with {@code FitOptions.epochs(1).batchSize(32)} on {@code [n, 28, 28, 1]} float32
 * images in [0, 1] (or standardised) and float labels 0..9.
 */
package io.tfweave.examples.images;
