# SPDX-License-Identifier: MIT
"""Seeded test data for quantization studies (NumPy).

generate(kind, shape, seed, **params) gives float32 arrays:

- "gaussian" (std), "laplace" (b), "student_t" (df: heavy tails);
- "llm_activations": tokens x channels activations, Gaussian with a few
  outlier channels about 100x the rest (outlier_scale, outliers), the
  systematic feature outliers reported for large language models in
  LLM.int8() (Dettmers et al., 2022) and SmoothQuant (Xiao et al., 2023);
- "bitnet_weights": BitNet b1.58 weights (Ma et al., 2024): latent Gaussian
  weights W ternarized by absmean, W_t = RoundClip(W / (gamma + eps), -1, 1)
  with gamma = mean |W|; returns (W_t, gamma), W ~ gamma x W_t;
- "bitnet_activations": per-token absmax INT8 activations of the same
  paper: x_q = Clip(round(x x 127 / max|x_token|), -127, 127); returns
  (x_q as float32 integers, per-token scales (tokens, 1)), x ~ x_q x scale;
- "npy": the user's own tensor, path=...; shape, when not None, must match.
"""
import pathlib

import numpy as np

from .errors import invalid

KINDS = ("gaussian", "laplace", "student_t", "llm_activations",
         "bitnet_weights", "bitnet_activations", "npy")


def _shape(shape, ndim=None):
    try:
        shape = tuple(int(s) for s in (shape if np.iterable(shape)
                                       else (shape,)))
    except (TypeError, ValueError):
        raise invalid(f"shape {shape!r}: expected a tuple of sizes") from None
    if any(s < 1 for s in shape):
        raise invalid(f"shape {shape}: every size must be at least 1")
    if ndim is not None and len(shape) != ndim:
        raise invalid(f"shape {shape}: expected {ndim} dimensions")
    return shape


def _no_extra(kind, params):
    if params:
        raise invalid(f"{kind}: unknown parameters {', '.join(params)}")


def outlier_channels(channels, seed, outliers=None):
    """The channels generate("llm_activations") makes outliers of."""
    n = outliers if outliers is not None else max(1, round(channels / 256))
    if not 0 <= n <= channels:
        raise invalid(f"outliers {n}: expected 0 to {channels}")
    rng = np.random.default_rng([seed, 1])
    return np.sort(rng.choice(channels, n, replace=False))


def absmean_ternary(w, eps=1e-6):
    """BitNet b1.58's ternarization: (W_t in {-1, 0, 1}, gamma)."""
    w = np.asarray(w, dtype=np.float32)
    gamma = np.float32(np.abs(w).mean())
    wt = np.clip(np.rint(w / (gamma + np.float32(eps))), -1, 1) + 0.0  # no -0
    return wt.astype(np.float32), float(gamma)


def absmax_int8(x, eps=1e-6):
    """Per-token (row) absmax INT8: (x_q integers as float32, scales)."""
    x = np.asarray(x, dtype=np.float32)
    amax = np.maximum(np.abs(x).max(axis=-1, keepdims=True),
                      np.float32(eps))
    q = np.clip(np.rint(x * (np.float32(127) / amax)), -127, 127)
    return q.astype(np.float32), (amax / np.float32(127)).astype(np.float32)


def generate(kind, shape=None, seed=0, **params):
    """Data of a kind (module doc), reproducible from seed."""
    if kind not in KINDS:
        raise invalid(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    if kind == "npy":
        path = params.pop("path", None)
        _no_extra(kind, params)
        if path is None:
            raise invalid("npy: needs path=")
        try:
            a = np.load(pathlib.Path(path), allow_pickle=False)
        except (OSError, ValueError) as e:
            raise invalid(f"{path}: {e}") from None
        if a.dtype.kind not in "fiu":
            raise invalid(f"{path}: dtype {a.dtype}: expected numbers")
        if shape is not None and a.shape != _shape(shape):
            raise invalid(f"{path}: shape {a.shape}, expected {tuple(shape)}")
        return a.astype(np.float32)
    if shape is None:
        raise invalid(f"{kind}: needs a shape")
    rng = np.random.default_rng(seed)
    if kind == "gaussian":
        std = params.pop("std", 1.0)
        _no_extra(kind, params)
        return (rng.standard_normal(_shape(shape)) * std).astype(np.float32)
    if kind == "laplace":
        b = params.pop("b", 1.0)
        _no_extra(kind, params)
        return rng.laplace(0.0, b, _shape(shape)).astype(np.float32)
    if kind == "student_t":
        df = params.pop("df", 3.0)
        _no_extra(kind, params)
        if not df > 0:
            raise invalid(f"student_t: df {df}: must be positive")
        return rng.standard_t(df, _shape(shape)).astype(np.float32)
    if kind == "llm_activations":
        tokens, channels = _shape(shape, 2)
        scale = params.pop("outlier_scale", 100.0)
        outliers = params.pop("outliers", None)
        _no_extra(kind, params)
        x = rng.standard_normal((tokens, channels))
        idx = outlier_channels(channels, seed, outliers)
        # Outlier channels are systematic: large in (nearly) every token,
        # with a per-channel sign and magnitude, as the papers describe.
        mag = scale * (1 + 0.25 * rng.standard_normal(len(idx)))
        sign = rng.choice([-1.0, 1.0], len(idx))
        x[:, idx] = sign * np.abs(mag) + x[:, idx] * np.abs(mag) * 0.1
        return x.astype(np.float32)
    if kind == "bitnet_weights":
        std = params.pop("std", 0.02)
        _no_extra(kind, params)
        w = rng.standard_normal(_shape(shape, 2)) * std
        return absmean_ternary(w)
    # bitnet_activations
    _no_extra(kind, params)
    return absmax_int8(generate("llm_activations", _shape(shape, 2), seed,
                                outlier_scale=20.0))
