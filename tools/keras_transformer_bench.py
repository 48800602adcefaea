#!/usr/bin/env python3
"""Keras 3 column of modules/bench TransformerBench: the same Transformer classifier and data, Keras fit samples/s.

Usage (TransformerBench runs it; TFWEAVE_PYTHON names the interpreter):
  python tools/keras_transformer_bench.py DATA_DIR N ROUNDS
DATA_DIR holds x.bin (N x 200 int32 token ids, little-endian) and y.bin (N float32 labels), written by the Java side.
The model mirrors tfweave's TokenAndPositionEmbedding + 2 x TransformerEncoder (keras_hub's post-norm block: MHA with
2 heads of size 32, residual, LayerNormalization(epsilon 1e-5), Dense(64, relu) -> Dense(64), residual,
LayerNormalization) + GlobalAveragePooling1D + Dense(1, sigmoid); Adam(1e-3), binary cross-entropy, batch 32, shuffled.
One warm-up epoch, then ROUNDS timed epochs; prints each and the median as 'keras_samples_per_s <value>'.
"""
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

MAXLEN, VOCAB, DIM, HEADS, FF, BATCH = 200, 20000, 64, 2, 64, 32


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        init = keras.initializers.RandomUniform(-0.05, 0.05)
        self.token = layers.Embedding(VOCAB, DIM, embeddings_initializer=init)
        self.position = layers.Embedding(MAXLEN, DIM, embeddings_initializer=init)

    def call(self, x):
        positions = keras.ops.arange(0, keras.ops.shape(x)[-1])
        return self.token(x) + self.position(positions)


def encoder(x):
    a = layers.MultiHeadAttention(num_heads=HEADS, key_dim=DIM // HEADS)(x, x)
    x = layers.LayerNormalization(epsilon=1e-5)(x + a)
    f = layers.Dense(FF, activation="relu")(x)
    f = layers.Dense(DIM)(f)
    return layers.LayerNormalization(epsilon=1e-5)(x + f)


def main():
    data, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    x = np.fromfile(os.path.join(data, "x.bin"), dtype="<i4").reshape(n, MAXLEN)
    y = np.fromfile(os.path.join(data, "y.bin"), dtype="<f4").reshape(n, 1)
    keras.utils.set_random_seed(1)
    inp = keras.Input(shape=(MAXLEN,), dtype="int32")
    h = TokenAndPositionEmbedding()(inp)
    h = encoder(encoder(h))
    h = layers.GlobalAveragePooling1D()(h)
    out = layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(inp, out)
    model.compile(keras.optimizers.Adam(1e-3), "binary_crossentropy")
    print("keras", keras.__version__, "parameters", model.count_params())
    rates = []
    for r in range(rounds + 1):
        t0 = time.perf_counter()
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=True, verbose=0)
        secs = time.perf_counter() - t0
        if r > 0:
            rates.append(n / secs)
            print("keras epoch %d: %.1f samples/s" % (r, n / secs))
    print("keras_samples_per_s %.1f" % float(np.median(rates)))


if __name__ == "__main__":
    main()
