package io.tfweave.models;

import static io.tfweave.data.JavaArrays.of;
import static io.tfweave.training.FitOptions.BATCH_SIZE_DEFAULT;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.training.Evaluation;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Adds {@code fit}, {@code evaluate} and {@code predict} on raw texts ({@code String[]}, one text per sample) to
 * {@link Model}, for models whose input has {@code DType.STRING}, as Keras's {@code model.fit(texts, labels)} takes a
 * numpy array of strings: {@code Sequential.named("text").input(DType.STRING).add(new TextVectorization()...)}. The texts
 * are UTF-8 encoded into a {@code TString} tensor once per call and the model's own ops tokenize them, in the graph.
 *
 * <p>Each method takes the path of the {@link Dataset} form it names and follows its thread rules; a string array given to
 * a numeric input (or numbers to a string input) fails naming the input.
 */
public interface TextFitting {
  /** Trains on {@code data}; see {@link Model#fit(Dataset, FitOptions)}. */
  History fit(Dataset data, FitOptions options);

  /** Loss and metrics on {@code data}; see {@link Model#evaluate(Dataset, int)}. */
  Evaluation evaluate(Dataset data, int batchSize);

  /** The first output for the inputs of {@code data}; see {@link Model#predict(Dataset, int)}. */
  FloatNdArray predict(Dataset data, int batchSize);

  /** Trains on texts [n] and targets [n]: Keras's {@code model.fit(texts, y)}. */
  default History fit(String[] x, float[] y, FitOptions options) {
    return fit(texts(x, of("y", y)), options);
  }

  /** Trains on texts [n] and labels [n]: Keras's {@code model.fit(texts, labels)}. */
  default History fit(String[] x, int[] y, FitOptions options) {
    return fit(texts(x, of("y", y)), options);
  }

  /** Trains on texts [n] and targets [n][k]: Keras's {@code model.fit(texts, y)}. */
  default History fit(String[] x, float[][] y, FitOptions options) {
    return fit(texts(x, of("y", y)), options);
  }

  /** Loss and metrics on texts [n] and targets [n], batch size 32: Keras's {@code model.evaluate(texts, y)}. */
  default Evaluation evaluate(String[] x, float[] y) {
    return evaluate(texts(x, of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on texts [n] and labels [n], batch size 32: Keras's {@code model.evaluate(texts, labels)}. */
  default Evaluation evaluate(String[] x, int[] y) {
    return evaluate(texts(x, of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** Loss and metrics on texts [n] and targets [n][k], batch size 32: Keras's {@code model.evaluate(texts, y)}. */
  default Evaluation evaluate(String[] x, float[][] y) {
    return evaluate(texts(x, of("y", y)), BATCH_SIZE_DEFAULT);
  }

  /** The first output for texts [n], in batches of 32: Keras's {@code model.predict(texts)}. */
  default FloatNdArray predict(String[] x) {
    return predict(x, BATCH_SIZE_DEFAULT);
  }

  /** The first output for texts [n], in batches of {@code batchSize}: Keras's {@code predict(texts, batch_size)}. */
  default FloatNdArray predict(String[] x, int batchSize) {
    return predict(texts(x, null), batchSize);
  }

  private static Dataset texts(String[] x, HostArray y) {
    return Dataset.ofArrays(List.of(of("x", x)), y);
  }
}
