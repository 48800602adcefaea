#!/usr/bin/env python3
"""Writes a tiny IMDB-style .npz with numpy, and prints what Keras's imdb.load_data returns.

Used to check tfweave's npy/pickle reader (io.tfweave.data.format) against files written by
real numpy: the fixtures under src/test/resources/io/tfweave/data/ were made with

    python3 tools/make_imdb_npz.py src/test/resources/io/tfweave/data/imdb_numpy1.npz  # numpy 1.x
    python3 tools/make_imdb_npz.py src/test/resources/io/tfweave/data/imdb_numpy2.npz  # numpy 2.x

The library never imports this script. `load_data` below restates Keras's algorithm
(keras/src/datasets/imdb.py) without importing Keras, to print expected values for tests.
"""
import sys

import numpy as np

X_TRAIN = [[1, 14, 22, 16], [4, 1], [9, 9, 2, 7, 30], [5]]
Y_TRAIN = [1, 0, 0, 1]
X_TEST = [[2, 8], [40, 1, 3], [6]]
Y_TEST = [0, 1, 1]


def object_array(lists):
    a = np.empty(len(lists), dtype=object)
    for i, x in enumerate(lists):
        a[i] = list(x)
    return a


def load_data(path, num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3):
    with np.load(path, allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["y_train"]
        x_test, labels_test = f["x_test"], f["y_test"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    if start_char is not None:
        x_train = [[start_char] + [w + index_from for w in x] for x in x_train]
        x_test = [[start_char] + [w + index_from for w in x] for x in x_test]
    else:
        x_train = [[w + index_from for w in x] for x in x_train]
        x_test = [[w + index_from for w in x] for x in x_test]
    if maxlen:
        keep = [i for i, x in enumerate(x_train) if len(x) < maxlen]
        x_train, labels_train = [x_train[i] for i in keep], labels_train[keep]
        keep = [i for i, x in enumerate(x_test) if len(x) < maxlen]
        x_test, labels_test = [x_test[i] for i in keep], labels_test[keep]
    xs = x_train + x_test
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    idx = len(x_train)
    return (xs[:idx], labels_train.tolist()), (xs[idx:], labels_test.tolist())


def main():
    path = sys.argv[1]
    np.savez(path, x_train=object_array(X_TRAIN), y_train=np.array(Y_TRAIN, dtype=np.int64),
             x_test=object_array(X_TEST), y_test=np.array(Y_TEST, dtype=np.int64))
    print("numpy", np.__version__, "wrote", path)
    for kwargs in [{}, {"num_words": 10, "skip_top": 5}, {"maxlen": 4}, {"oov_char": None, "num_words": 12}]:
        print(kwargs, load_data(path, **kwargs))


if __name__ == "__main__":
    main()
