# SPDX-License-Identifier: MIT
"""A real model end to end: a small MLP trained with scikit-learn on its
bundled 8x8 digits data set, whose inference runs every linear layer on an
mxa device.

train() fits sklearn's MLPClassifier (hidden layers HIDDEN, ReLU, fixed
seed, 70/30 stratified split) and saves the weights, the test set and the
float reference accuracy to an .npz cache in the build tree (`make` does
this: python/package.mk). load() reads the cache (training first when it is
absent). infer(dev, recipe) runs the test set through the device: each
layer is dev.matmul_float(h, W, recipe, c=bias) (the device adds the bias
as C), ReLU between layers in NumPy, argmax at the end; it returns the test
accuracy.

    python3 -m mxa.digits train [--out PATH]
    python3 -m mxa.digits report [--device SPEC]... [--limit N]
"""
import argparse
import dataclasses
import os
import pathlib
import sys
import typing
import warnings

import numpy as np

from .errors import invalid

SEED = 0
HIDDEN = (64, 32)
TEST_FRACTION = 0.3
MAX_ITER = 400


def default_path():
    """$MXA_BUILD/python/digits_mlp.npz, else <repo>/build/python/..."""
    build = os.environ.get("MXA_BUILD")
    if build:
        base = pathlib.Path(build)
    else:
        base = pathlib.Path(__file__).resolve().parents[2] / "build"
    return base / "python" / "digits_mlp.npz"


@dataclasses.dataclass
class Mlp:
    weights: typing.List[np.ndarray]    # (K, N) float32 per layer
    biases: typing.List[np.ndarray]     # (N,) float32
    x_test: np.ndarray                  # (samples, 64) float32 in [0, 1]
    y_test: np.ndarray                  # (samples,) int
    sklearn_accuracy: float

    def predict_float(self, x):
        """Predictions in float64 NumPy: the reference."""
        h = np.asarray(x, dtype=np.float64)
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            h = h @ w.astype(np.float64) + b
            if i < len(self.weights) - 1:
                h = np.maximum(h, 0)
        return h.argmax(axis=1)

    def float_accuracy(self):
        return float((self.predict_float(self.x_test) == self.y_test).mean())


def train(out=None):
    """Trains the MLP deterministically and saves it (returns the path)."""
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=TEST_FRACTION, random_state=SEED, stratify=y)
    clf = MLPClassifier(hidden_layer_sizes=HIDDEN, max_iter=MAX_ITER,
                        random_state=SEED)
    with warnings.catch_warnings():
        # A fixed number of epochs is the point: no early convergence stop.
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(x_tr, y_tr)
    out = pathlib.Path(out) if out else default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    arrays = {f"w{i}": w.astype(np.float32) for i, w in enumerate(clf.coefs_)}
    arrays.update({f"b{i}": b.astype(np.float32)
                   for i, b in enumerate(clf.intercepts_)})
    tmp = out.with_name(out.name + ".tmp.npz")
    np.savez(tmp, x_test=x_te.astype(np.float32), y_test=y_te,
             sklearn_accuracy=clf.score(x_te, y_te), **arrays)
    tmp.replace(out)        # whole or not at all
    return out


def load(path=None):
    """The cached model (trained now when the cache is absent)."""
    path = pathlib.Path(path) if path else default_path()
    if not path.exists():
        train(path)
    with np.load(path) as z:
        n = len([k for k in z.files if k.startswith("w")])
        return Mlp([z[f"w{i}"] for i in range(n)],
                   [z[f"b{i}"] for i in range(n)],
                   z["x_test"], z["y_test"], float(z["sklearn_accuracy"]))


def predict(dev, recipe, x, model):
    """Predictions with every linear layer on dev under recipe."""
    h = np.asarray(x, dtype=np.float32)
    for i, (w, b) in enumerate(zip(model.weights, model.biases)):
        c = np.broadcast_to(b, (h.shape[0], b.shape[0]))
        h = dev.matmul_float(h, w, recipe, c=c).d
        if i < len(model.weights) - 1:
            h = np.maximum(h, 0)
    return h.argmax(axis=1)


def infer(dev, recipe, model=None, limit=None):
    """Test accuracy on dev under recipe (the first `limit` samples)."""
    model = model or load()
    n = len(model.y_test) if limit is None else int(limit)
    if not 1 <= n <= len(model.y_test):
        raise invalid(f"limit {limit}: expected 1 to {len(model.y_test)}")
    pred = predict(dev, recipe, model.x_test[:n], model)
    return float((pred == model.y_test[:n]).mean())


def recipes():
    """One recipe per element format (OCP MX block scales, blocks of 32),
    and NVFP4 (e2m1 with nv scales and per-tensor scales)."""
    from .formats import formats
    from .quant import Recipe
    out = [Recipe(f.name, f.name, scale="mx") for f in formats()]
    out.append(Recipe("e2m1", "e2m1", scale="nv", tensor_scale=True))
    return out


def report(devices, limit=None, file=None):
    """Prints test accuracy per recipe and device."""
    from .device import Device
    from .errors import Error
    file = file or sys.stdout
    model = load()
    opened = []
    for spec in devices:
        try:
            opened.append(Device(spec))
        except Error as e:          # a device may be absent: say so
            print(f"# {spec}: {e}", file=file)
    n = len(model.y_test) if limit is None else limit
    ref = (model.predict_float(model.x_test[:n]) == model.y_test[:n]).mean()
    print(f"# digits MLP {HIDDEN}, {n} test samples; float64 accuracy "
          f"{100 * ref:.2f}%", file=file)
    print("recipe".ljust(28) + "".join(d.spec.ljust(18) for d in opened),
          file=file)
    for r in recipes():
        cells = []
        for d in opened:
            if r.a_format not in d.info.formats:
                cells.append("-".ljust(18))
                continue
            cells.append(f"{100 * infer(d, r, model, n):.2f}%".ljust(18))
        print(str(r).ljust(28) + "".join(cells), file=file)
    for d in opened:
        d.close()


def _main(argv):
    p = argparse.ArgumentParser(prog="python3 -m mxa.digits")
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="train and cache the model")
    t.add_argument("--out", help="the .npz to write (default: build tree)")
    r = sub.add_parser("report", help="test accuracy per format and device")
    r.add_argument("--device", action="append",
                   help="emu, sim[:options], drm[:path] (repeatable; "
                   "default: emu)")
    r.add_argument("--limit", type=int, help="first N test samples only")
    a = p.parse_args(argv)
    if a.cmd == "train":
        print(train(a.out))
    else:
        report(a.device or ["emu"], a.limit)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
