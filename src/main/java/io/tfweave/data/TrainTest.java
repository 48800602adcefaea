package io.tfweave.data;

/**
 * A dataset's training and test (or validation) parts, Keras's
 * {@code (x_train, y_train), (x_test, y_test)}.
 *
 * @param <T> the type of each part, e.g. {@link LabeledImages}
 * @param train the part to fit on
 * @param test the held-out part
 */
public record TrainTest<T>(T train, T test) {}
