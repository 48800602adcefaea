/**
 * Pure-Java dataset loaders and in-memory data with Keras's semantics ({@code keras.datasets} and the data utilities of
 * {@code keras.utils}): {@link io.tfweave.data.Imdb} (Keras's
 * {@code imdb.npz} and the raw {@code aclImdb/} reviews), {@link io.tfweave.data.FashionMnist},
 * {@link io.tfweave.data.ImageFolder} ({@code image_dataset_from_directory}),
 * {@link io.tfweave.data.CsvTable}, {@link io.tfweave.data.Timeseries}
 * ({@code timeseries_dataset_from_array} windows) and {@link io.tfweave.data.Sequences}
 * ({@code pad_sequences}). {@link io.tfweave.data.Dataset} and {@link io.tfweave.data.HostArray} hold what {@code fit}
 * trains on; {@link io.tfweave.data.Synthetic} makes small 2-D classification sets.
 *
 * <p>Multi-dimensional results are TensorFlow ndarrays ({@code FloatNdArray},
 * {@code IntNdArray}); ragged token sequences are {@code int[][]}. Nothing is downloaded: a
 * missing dataset raises {@link io.tfweave.data.DatasetNotFoundException} saying what to fetch
 * and where to put it. Where Keras shuffles with numpy's {@code RandomState}, the same seed gives
 * the same order here.
 */
package io.tfweave.data;
