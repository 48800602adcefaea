package io.tfweave.layers.quadratic;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TInt32;

/**
 * The closed-form gradient of the fused quadratic op (Fan, Cong and Wang), registered for each variant's op type.
 *
 * <p>With upstream gradient {@code δ} of {@code h} and the kept linear parts {@code r}, {@code g}: {@code δ_r = δ∘g} and
 * {@code δ_g = δ∘r} (plus the upstream gradients of the {@code r} and {@code g} outputs, when they are used). Then
 * {@code ∂w_r = xᵀδ_r}, {@code ∂b_r = Σδ_r}, {@code ∂w_g = xᵀδ_g}, {@code ∂b_g = Σδ_g}, {@code ∂w_b = (x∘x)ᵀδ},
 * {@code ∂c = Σδ} and {@code ∂x = δ_r w_rᵀ + δ_g w_gᵀ + 2x∘(δ w_bᵀ)}; for convolutions each product with a kernel becomes
 * {@code Conv2DBackpropInput} and each product with an input {@code Conv2DBackpropFilter}.
 *
 * <p>Runs while TensorFlow holds the graph's lock: it must only add ops, never query static shapes (that would deadlock).
 */
final class QuadraticGradients {
  private QuadraticGradients() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<Operand<?>> of(
      Ops tf,
      GraphOperation op,
      List<Output<?>> grads,
      QuadraticFunctions.Variant v,
      QuadraticFunctions.Definition d) {
    Class type = v.type();
    Operand x = op.input(0);
    Operand wr = op.input(1);
    Operand wg = op.input(3);
    Operand wb = op.input(5);
    Operand r = op.output(d.r());
    Operand g = op.output(d.g());
    Operand dh = grads.get(d.h());
    Operand dr = tf.math.mul(dh, g);
    Operand dg = tf.math.mul(dh, r);
    if (used(grads.get(d.r()))) dr = tf.math.add(dr, grads.get(d.r()));
    if (used(grads.get(d.g()))) dg = tf.math.add(dg, grads.get(d.g()));
    Operand xx = tf.math.square(x);
    Operand two = tf.dtypes.cast(tf.constant(2.0), type);
    Operand dx;
    Operand dwr;
    Operand dwg;
    Operand dwb;
    if (v.conv()) {
      List<Long> s = QuadraticOps.nhwc(v.strides());
      String p = v.padding();
      Operand<TInt32> xs = tf.shape(x);
      Operand<TInt32> ws = tf.shape(wr);
      Operand ir = tf.nn.conv2dBackpropInput(xs, wr, dr, s, p);
      Operand ig = tf.nn.conv2dBackpropInput(xs, wg, dg, s, p);
      Operand ib = tf.nn.conv2dBackpropInput(xs, wb, dh, s, p);
      dx = tf.math.add(tf.math.add(ir, ig), tf.math.mul(tf.math.mul(two, x), ib));
      dwr = tf.nn.conv2dBackpropFilter(x, ws, dr, s, p);
      dwg = tf.nn.conv2dBackpropFilter(x, ws, dg, s, p);
      dwb = tf.nn.conv2dBackpropFilter(xx, ws, dh, s, p);
    } else {
      MatMul.Options tb = MatMul.transposeB(true);
      MatMul.Options ta = MatMul.transposeA(true);
      Operand ir = tf.linalg.matMul(dr, wr, tb);
      Operand ig = tf.linalg.matMul(dg, wg, tb);
      Operand ib = tf.linalg.matMul(dh, wb, tb);
      dx = tf.math.add(tf.math.add(ir, ig), tf.math.mul(tf.math.mul(two, x), ib));
      dwr = tf.linalg.matMul(x, dr, ta);
      dwg = tf.linalg.matMul(x, dg, ta);
      dwb = tf.linalg.matMul(xx, dh, ta);
    }
    Operand dbr = tf.nn.biasAddGrad(dr);
    Operand dbg = tf.nn.biasAddGrad(dg);
    Operand dc = tf.nn.biasAddGrad(dh);
    return List.of(dx, dwr, dbr, dwg, dbg, dwb, dc);
  }

  /** False for the zeros TensorFlow passes for outputs that nothing downstream uses. */
  private static boolean used(Output<?> grad) {
    return grad != null && !"ZerosLike".equals(grad.op().type());
  }
}
