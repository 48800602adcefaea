package io.tfweave.models;

import static io.tfweave.data.JavaArrays.of;
import static io.tfweave.training.FitOptions.BATCH_SIZE_DEFAULT;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.JavaArrays;
import io.tfweave.training.Evaluation;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Adds {@code fit}, {@code evaluate} and {@code predict} on plain Java arrays to {@link Model}, as Keras's
 * {@code model.fit(x, y, epochs=5, batch_size=32)} takes numpy arrays: {@code model.fit(x, y, FitOptions.epochs(5)
 * .batchSize(32))}, {@code model.evaluate(x, y).loss()}, {@code model.predict(x)}, {@code model.predict(x, 64)}.
 *
 * <p>Inputs {@code x} may be {@code float[]} to {@code float[][][][]}, {@code int[]}, {@code int[][]}, {@code long[][]} or
 * {@code double[][]}; targets {@code y} may be {@code float[]}, {@code int[]} or {@code float[][]} (e.g. one-hot rows from
 * {@code Utils.toCategorical}). Each array is converted once by {@link JavaArrays} (one flat copy of a nested array, none of
 * a {@code float[]} or {@code int[]}, which must then stay unchanged during the call) and then takes the path of the
 * {@link Dataset} forms, which stay the primary API. As in Keras, samples one rank short of an input whose last dimension is
 * 1 get that axis ({@code float[n]} feeds an input of shape {@code (1,)}). Other combinations (several inputs,
 * {@code double[]} targets) convert with {@link JavaArrays} and {@link Dataset#ofArrays}.
 *
 * <p>{@code predict} returns a {@link FloatNdArray} of the first output whatever the input ({@code p.getFloat(i, j)});
 * {@code org.tensorflow.ndarray.StdArrays.array2dCopyOf(p)} turns a 2-D one into a {@code float[][]}. This interface only
 * carries these default methods for {@link Model}; each follows the thread rules of the {@link Dataset} form it calls.
 */
public interface ArrayFitting {
  /** Trains on {@code data}; see {@link Model#fit(Dataset, FitOptions)}. */
  History fit(Dataset data, FitOptions options);

  /** Loss and metrics on {@code data}; see {@link Model#evaluate(Dataset, int)}. */
  Evaluation evaluate(Dataset data, int batchSize);

  /** The first output for the inputs of {@code data}; see {@link Model#predict(Dataset, int)}. */
  FloatNdArray predict(Dataset data, int batchSize);

  // ---------------------------------------------------------------- x: float[]

  /** Trains on inputs [n] and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on inputs [n] and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on inputs [n] and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on inputs [n] and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on inputs [n] and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on inputs [n] and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for inputs [n], in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(float[] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for inputs [n], in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(float[] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  // ---------------------------------------------------------------- x: float[][]

  /** Trains on features [n][d] and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on features [n][d] and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on features [n][d] and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on features [n][d] and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on features [n][d] and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on features [n][d] and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for features [n][d], in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(float[][] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for features [n][d], in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(float[][] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  // ---------------------------------------------------------------- x: float[][][]

  /** Trains on sequences [n][t][d] and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][][] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on sequences [n][t][d] and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][][] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on sequences [n][t][d] and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][][] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on sequences [n][t][d] and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][][] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on sequences [n][t][d] and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][][] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on sequences [n][t][d] and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][][] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for sequences [n][t][d], in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(float[][][] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for sequences [n][t][d], in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(float[][][] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  // ---------------------------------------------------------------- x: float[][][][]

  /** Trains on images [n][h][w][c] and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][][][] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on images [n][h][w][c] and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][][][] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on images [n][h][w][c] and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(float[][][][] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on images [n][h][w][c] and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][][][] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on images [n][h][w][c] and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][][][] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on images [n][h][w][c] and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(float[][][][] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for images [n][h][w][c], in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(float[][][][] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for images [n][h][w][c], in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(float[][][][] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  // ---------------------------------------------------------------- x: int[]

  /** Trains on integer inputs [n] and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(int[] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on integer inputs [n] and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(int[] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on integer inputs [n] and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(int[] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on integer inputs [n] and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(int[] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on integer inputs [n] and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(int[] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on integer inputs [n] and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(int[] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for integer inputs [n], in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(int[] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for integer inputs [n], in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(int[] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  // ---------------------------------------------------------------- x: int[][]

  /** Trains on token ids [n][length] and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(int[][] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on token ids [n][length] and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(int[][] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on token ids [n][length] and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(int[][] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on token ids [n][length] and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(int[][] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on token ids [n][length] and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(int[][] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on token ids [n][length] and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(int[][] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for token ids [n][length], in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(int[][] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for token ids [n][length], in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(int[][] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  // ---------------------------------------------------------------- x: long[][]

  /** Trains on token ids [n][length] (as int32) and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(long[][] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on token ids [n][length] (as int32) and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(long[][] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on token ids [n][length] (as int32) and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(long[][] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on token ids [n][length] (as int32) and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(long[][] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on token ids [n][length] (as int32) and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(long[][] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on token ids [n][length] (as int32) and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(long[][] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for token ids [n][length] (as int32), in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(long[][] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for token ids [n][length] (as int32), in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(long[][] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  // ---------------------------------------------------------------- x: double[][]

  /** Trains on features [n][d] (as float32) and targets [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(double[][] x, float[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on features [n][d] (as float32) and labels [n]: Keras's {@code model.fit(x, y)}. */
  default History fit(double[][] x, int[] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Trains on features [n][d] (as float32) and targets [n][k]: Keras's {@code model.fit(x, y)}. */
  default History fit(double[][] x, float[][] y, FitOptions options) {
    return fit(data(of("x", x), of("y", y)), options);
  }

  /** Loss and metrics on features [n][d] (as float32) and targets [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(double[][] x, float[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on features [n][d] (as float32) and labels [n], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(double[][] x, int[] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on features [n][d] (as float32) and targets [n][k], batch size 32: Keras's {@code model.evaluate(x, y)}. */
  default Evaluation evaluate(double[][] x, float[][] y) {
    return evaluate(data(of("x", x), of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for features [n][d] (as float32), in batches of 32: Keras's {@code model.predict(x)}. */
  default FloatNdArray predict(double[][] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for features [n][d] (as float32), in batches of {@code batchSize}: Keras's {@code predict(x, batch_size)}. */
  default FloatNdArray predict(double[][] x, int batchSize) {
    return predict(data(of("x", x), null), batchSize);
  }

  private static Dataset data(HostArray x, HostArray y) {
    return Dataset.ofArrays(List.of(x), y);
  }
}
