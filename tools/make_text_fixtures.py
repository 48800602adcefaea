#!/usr/bin/env python3
"""Writes the Keras fixture that the Java tests compare tfweave's text and attention layers with.

Run with TensorFlow 2.16 / Keras 3:  /work/venv-tf/bin/python tools/make_text_fixtures.py
Output: src/test/resources/io/tfweave/layers/keras/text_attention_fixture.json, holding for each case the layer config,
its weights by Keras name (as exported by keras: layer.weights), the inputs and Keras's outputs.
  * MultiHeadAttention (2 heads, key_dim 3, value_dim 2) on query/value/key, with and without an attention mask,
    and with use_causal_mask;
  * LayerNormalization (last axis, and axes [1, 2]) with random gamma/beta;
  * TextVectorization adapted on a fixed corpus: the vocabulary (frequency, then lexical order), int outputs with OOV and
    padding, max_tokens truncation, multi_hot, count and tf_idf outputs, character split, bigrams;
  * Hashing of strings and integers, with mask_value and salt (one integer or two);
  * Conv1DTranspose (valid / same padding, strides, output_padding) and SeparableConv1D (valid / same, strides, no bias,
    depth_multiplier) with random weights.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "tfweave", "layers",
                   "keras", "text_attention_fixture.json")
rng = np.random.default_rng(16)


def arr(shape):
    return rng.normal(size=shape).astype("float32")


def weights_of(layer):
    # Keras 3 weight paths are "layer/sub/kernel"; keep the part after the layer name ("query/kernel", "gamma")
    out = {}
    for w in layer.weights:
        path = w.path.split("/", 1)[1]
        out[path] = np.asarray(w.numpy()).tolist()
    return out


def randomize(layer):
    for w in layer.weights:
        w.assign(arr(tuple(w.shape)) * 0.5)


def mha_cases():
    cases = []
    q, v, k = arr((2, 3, 4)), arr((2, 4, 5)), arr((2, 4, 6))
    mask = (rng.random((2, 3, 4)) > 0.3)
    mask[:, :, 0] = True
    for name, kwargs, call in [
        ("plain", {}, lambda l: l(q, v, k)),
        ("attention_mask", {}, lambda l: l(q, v, k, attention_mask=mask)),
        ("causal", {}, lambda l: l(q, q, use_causal_mask=True)),
    ]:
        layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2, **kwargs)
        if name == "causal":
            layer(q, q)
        else:
            layer(q, v, k)
        randomize(layer)
        out, scores = (layer(q, q, use_causal_mask=True, return_attention_scores=True) if name == "causal"
                       else layer(q, v, k, attention_mask=mask if name == "attention_mask" else None,
                                  return_attention_scores=True))
        cases.append({
            "name": name,
            "config": {"num_heads": 2, "key_dim": 3, "value_dim": 2},
            "weights": weights_of(layer),
            "query": q.tolist(),
            "value": (q if name == "causal" else v).tolist(),
            "key": None if name == "causal" else k.tolist(),
            "attention_mask": mask.astype("int32").tolist() if name == "attention_mask" else None,
            "use_causal_mask": name == "causal",
            "output": np.asarray(out).tolist(),
            "scores": np.asarray(scores).tolist(),
        })
    return cases


def layer_norm_cases():
    cases = []
    x = arr((2, 3, 5)) * 3 + 1
    for name, axis in [("last_axis", -1), ("axes_1_2", [1, 2])]:
        layer = keras.layers.LayerNormalization(axis=axis)
        layer(x)
        randomize(layer)
        cases.append({"name": name, "axis": axis if isinstance(axis, list) else [axis],
                      "weights": weights_of(layer), "input": x.tolist(),
                      "output": np.asarray(layer(x)).tolist()})
    return cases


CORPUS = [
    "The cat sat on the mat.",
    "The dog ate my homework!",
    "A cat, a dog, and a bird",
    "Dogs and cats: friends or foes?",
    "the THE tHe",
    "zebra yak xylophone",
    "yak yak",
]
PROBES = ["the cat and the unicorn", "", "Zebra! zebra? YAK", "a b c d e f g h i j"]


def text_cases():
    cases = []
    for name, kwargs in [
        ("int_default", {}),
        ("int_length_6", {"output_sequence_length": 6}),
        ("max_tokens_8", {"max_tokens": 8, "output_sequence_length": 5}),
        ("multi_hot", {"output_mode": "multi_hot"}),
        ("count_max_tokens_6", {"output_mode": "count", "max_tokens": 6}),
        ("character", {"split": "character", "output_sequence_length": 12}),
        ("bigrams", {"ngrams": 2, "output_sequence_length": 8}),
        ("tf_idf", {"output_mode": "tf_idf"}),
    ]:
        layer = keras.layers.TextVectorization(**kwargs)
        layer.adapt(tf.constant(CORPUS))
        out = layer(tf.constant(PROBES))
        out = out.numpy() if hasattr(out, "numpy") else np.asarray(out)
        cases.append({"name": name, "config": kwargs,
                      "vocabulary": [t.decode() if isinstance(t, bytes) else t for t in layer.get_vocabulary()],
                      "probes": PROBES, "output": out.tolist()})
    return cases


def hashing_cases():
    words = [["great", "", "the movie"], ["[UNK]", "zebra", "great"]]
    ints = [[0, 7, 42], [123456789, 0, -5]]
    cases = []
    for name, kwargs, data in [
        ("strings", {"num_bins": 7}, words),
        ("strings_mask", {"num_bins": 7, "mask_value": ""}, words),
        ("strings_salt", {"num_bins": 11, "salt": 1337}, words),
        ("strings_salt_pair", {"num_bins": 11, "salt": [5, 9]}, words),
        ("ints_mask", {"num_bins": 5, "mask_value": 0}, ints),
        ("ints_salt", {"num_bins": 5, "salt": 7}, ints),
    ]:
        layer = keras.layers.Hashing(**kwargs)
        out = np.asarray(layer(tf.constant(data)))
        cases.append({"name": name, "config": kwargs, "input": data, "output": out.tolist()})
    return cases


def conv1d_transpose_cases():
    cases = []
    x = arr((2, 5, 3))
    for name, kwargs in [
        ("valid_stride_2", {"filters": 4, "kernel_size": 3, "strides": 2}),
        ("same_stride_2", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}),
        ("valid_output_padding", {"filters": 2, "kernel_size": 4, "strides": 3, "output_padding": 1}),
    ]:
        layer = keras.layers.Conv1DTranspose(**kwargs)
        layer(x)
        randomize(layer)
        cases.append({"name": name, "config": kwargs, "weights": weights_of(layer), "input": x.tolist(),
                      "output": np.asarray(layer(x)).tolist()})
    return cases


def separable_conv1d_cases():
    cases = []
    x = arr((2, 7, 3))
    for name, kwargs in [
        ("valid", {"filters": 4, "kernel_size": 3}),
        ("same_stride_2_multiplier_2", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same",
                                        "depth_multiplier": 2}),
        ("no_bias", {"filters": 3, "kernel_size": 2, "use_bias": False}),
    ]:
        layer = keras.layers.SeparableConv1D(**kwargs)
        layer(x)
        randomize(layer)
        cases.append({"name": name, "config": kwargs, "weights": weights_of(layer), "input": x.tolist(),
                      "output": np.asarray(layer(x)).tolist()})
    return cases


def main():
    fixture = {
        "generator": "tools/make_text_fixtures.py",
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "multi_head_attention": mha_cases(),
        "layer_normalization": layer_norm_cases(),
        "text_vectorization": {"corpus": CORPUS, "cases": text_cases()},
        "hashing": hashing_cases(),
        "conv1d_transpose": conv1d_transpose_cases(),
        "separable_conv1d": separable_conv1d_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
