# SPDX-License-Identifier: MIT
"""The seeded data generators."""
import numpy as np
import pytest

import mxa
from mxa import data


@pytest.mark.parametrize("kind,params", [("gaussian", {}),
                                         ("laplace", {"b": 2.0}),
                                         ("student_t", {"df": 3})])
def test_distributions_are_seeded(kind, params):
    a = data.generate(kind, (200, 300), seed=5, **params)
    assert a.dtype == np.float32 and a.shape == (200, 300)
    np.testing.assert_array_equal(a, data.generate(kind, (200, 300), 5,
                                                   **params))
    assert not np.array_equal(a, data.generate(kind, (200, 300), 6,
                                               **params))
    assert abs(a.mean()) < 0.05


def test_tails():
    n = (400_000,)
    g, lap, t = (data.generate(k, n, 1) for k in ("gaussian", "laplace",
                                                  "student_t"))
    kurt = [float(((x - x.mean()) ** 4).mean() / x.var() ** 2)
            for x in (g, lap)]
    assert abs(kurt[0] - 3) < 0.1 and abs(kurt[1] - 6) < 0.5
    assert np.abs(t).max() > 5 * np.abs(g).max()    # df 3: heavy tails
    assert abs(g.std() - 1) < 0.01 and abs(lap.std() - 2 ** 0.5) < 0.02


def test_llm_activations_have_outlier_channels():
    x = data.generate("llm_activations", (128, 1024), seed=7)
    idx = data.outlier_channels(1024, 7)
    assert len(idx) == 4
    amax = np.abs(x).max(axis=0)
    rest = np.delete(amax, idx)
    assert amax[idx].min() > 30 * np.median(rest)
    ratio = np.median(np.abs(x[:, idx])) / np.median(np.abs(np.delete(
        x, idx, axis=1)))
    assert 50 < ratio < 300                         # about 100x the rest
    # Per-tensor int8 loses the small channels; MX blocks keep them better.
    q = mxa.dequantize(mxa.quantize(x * (127 / np.abs(x).max()), "int8"),
                       "int8") * (np.abs(x).max() / 127)
    c, s, _ = mxa.quantize_blocks(x, "int8", "mx", "a")
    mx = mxa.dequantize_blocks(c, s, "int8", "mx", "a")
    small = np.delete(np.arange(1024), idx)
    err = lambda v: np.abs(v[:, small] - x[:, small]).mean()    # noqa: E731
    assert err(mx) < err(q) / 3


def test_bitnet():
    w, gamma = data.generate("bitnet_weights", (256, 64), seed=1)
    assert set(np.unique(w)) <= {-1.0, 0.0, 1.0}
    assert not np.signbit(w[w == 0]).any()
    latent = np.random.default_rng(1).standard_normal((256, 64)) * 0.02
    assert abs(gamma - np.abs(latent).mean()) < 1e-7
    assert 0.2 < (w == 0).mean() < 0.45             # absmean: ~1/3 zeros
    q, s = data.generate("bitnet_activations", (32, 256), seed=2)
    assert s.shape == (32, 1) and np.abs(q).max(axis=1).min() == 127
    assert np.array_equal(q, np.rint(q))
    # On a device: int8 activations x ternary weights, exact in FP32 here.
    with mxa.Device("emu") as dev:
        d = dev.matmul(mxa.quantize(q, "int8"), mxa.quantize(w, "ternary"),
                       "int8", "ternary").d
    np.testing.assert_array_equal(d, q.astype(np.float64) @ w)


def test_npy_and_errors(tmp_path):
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    np.save(tmp_path / "a.npy", a)
    b = data.generate("npy", path=tmp_path / "a.npy")
    assert b.dtype == np.float32 and (b == a).all()
    with pytest.raises(mxa.Error, match=r"shape \(3, 4\), expected \(4, 3\)"):
        data.generate("npy", (4, 3), path=tmp_path / "a.npy")
    with pytest.raises(mxa.Error, match="none.npy"):
        data.generate("npy", path=tmp_path / "none.npy")
    with pytest.raises(mxa.Error, match="kind 'uniform'"):
        data.generate("uniform", (3,))
    with pytest.raises(mxa.Error, match="unknown parameters sigma"):
        data.generate("gaussian", (3,), sigma=2)
    with pytest.raises(mxa.Error, match="expected 2 dimensions"):
        data.generate("llm_activations", (3, 4, 5))
