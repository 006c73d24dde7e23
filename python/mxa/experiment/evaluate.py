"""Computing one point of an experiment: accuracy and cost.

Accuracy is measured against an FP64 product of the unquantized float32
operands; cost comes from the Verilated RTL (``cost_source = "rtl"``) for
shapes small enough to simulate, otherwise from the analytic cycle model
(``"model"``), and silicon from mxa.hw.area.  Everything a point returns is
a flat dict of the CSV's columns (see report.COLUMNS).
"""
from __future__ import annotations

import functools
from dataclasses import replace as _replace
import math
import time

import numpy as np

from .spec import Hardware, Point

# Devices opened in this process, by spec: a hardware configuration is
# built once (mxa.hw caches the model) and opened once per worker.
_devices: dict = {}


def _device(spec: str):
    import mxa
    dev = _devices.get(spec)
    if dev is None:
        dev = mxa.Device(spec)
        _devices[spec] = dev
    return dev


def close_devices():
    for dev in _devices.values():
        try:
            dev.close()
        except Exception:  # noqa: BLE001 - closing at exit, nothing to report
            pass
    _devices.clear()


def hw_config(hw: Hardware):
    from mxa import hw as mhw
    return mhw.HwConfig(**hw.config_args())


# Configurations whose model failed to build, with the error: the build is
# tried once per run (workers inherit this from the parent's prepare()).
_failed: dict = {}


def sim_spec(hw: Hardware) -> str:
    """The device spec of hw's Verilated model (built into the cache once)."""
    from mxa import hw as mhw
    if hw in _failed:
        raise _failed[hw]
    try:
        return mhw.device_spec(hw_config(hw), latency=hw.latency, bw=hw.bw or None)
    except _point_errors() as e:
        _failed[hw] = e
        raise


_areas: dict = {}


def area(hw: Hardware) -> dict:
    """Silicon estimate of hw's configuration (the memory does not matter);
    a failed synthesis is tried once per run."""
    from mxa import hw as mhw
    key = ("area", hw.rows, hw.cols, hw.lane_bits, hw.data_bits, hw.buf_depth,
           hw.trunc, hw.formats)
    if key not in _areas:
        try:
            _areas[key] = dict(mhw.area(hw_config(hw)))
        except _point_errors() as e:
            _areas[key] = e
    if isinstance(_areas[key], Exception):
        raise _areas[key]
    return _areas[key]


@functools.lru_cache(maxsize=8)
def operands(shape, seed: int, m: int, n: int):
    """The float32 operands of a shape (A: m x K, B: K x n), the same for
    every format."""
    from mxa import data
    a = _generate(data, shape.a_data, (m, shape.k), seed, dict(shape.a_params))
    b = _generate(data, shape.b_data, (shape.k, n), seed + 1, dict(shape.b_params))
    return a + np.float32(shape.a_mean), b + np.float32(shape.b_mean)


def _generate(data, kind, shp, seed, params):
    x = data.generate(kind, shp, seed, **params)
    if isinstance(x, tuple):  # bitnet_weights: (ternary values, scale)
        x = np.asarray(x[0], dtype=np.float32) * np.float32(x[1])
    return np.ascontiguousarray(x, dtype=np.float32)


def accuracy(d: np.ndarray, ref: np.ndarray) -> dict:
    """Relative Frobenius error, SQNR (dB) and max abs error of d against ref."""
    d64 = d.astype(np.float64)
    err = d64 - ref
    e2 = float(np.sum(err * err))
    r2 = float(np.sum(ref * ref))
    finite = bool(np.all(np.isfinite(d64)))
    return {
        "rel_error": math.sqrt(e2 / r2) if r2 > 0 and finite else float("nan"),
        "sqnr_db": (10 * math.log10(r2 / e2) if e2 > 0 else float("inf"))
        if finite and r2 > 0 else float("nan"),
        "max_abs_error": float(np.max(np.abs(err))) if finite else float("nan"),
        "ref_rms": math.sqrt(r2 / ref.size),
    }


def recipe(nm):
    import mxa
    return mxa.Recipe(nm.a_format, nm.b_format, scale=nm.scale,
                      block_size=nm.block_size, rule=nm.rule,
                      tensor_scale=nm.tensor_scale, acc=nm.acc,
                      acc_bits=nm.acc_bits, acc_interval=nm.acc_interval,
                      out_format=nm.out_format)


def _point_errors() -> tuple:
    """What a point may fail with and still be a result: the library's
    errors, a configuration the RTL cannot have, a failed build or synthesis.
    Anything else is a bug, and stops the run."""
    import mxa
    from mxa import hw as mhw
    return (mxa.Error, ValueError, OSError, mhw.BuildError)


def evaluate(p: Point) -> dict:
    """Runs one point; errors of the library are recorded, not raised."""
    errors = _point_errors()
    t0 = time.monotonic()
    row = describe(p)
    try:
        if p.shape.kind == "digits":
            row.update(_digits(p))
        else:
            row.update(_gemm(p))
        row["status"] = "ok"
    except errors as e:
        row["status"] = "error"
        row["error"] = str(e)
    if p.area:
        try:
            a = area(p.hardware)
            for k in ("lut", "ff", "dsp", "bram"):
                row[k] = a.get(k)
            row["logic_levels"] = a.get("logic_levels")
            row["crit_path_ns"] = a.get("crit_path_ns")
        except errors as e:
            row["status"] = "error"
            row["error"] = f"area: {e}"
    row["seconds"] = round(time.monotonic() - t0, 3)
    return row


def describe(p: Point) -> dict:
    """The parameter columns of a point."""
    s, nm, hw = p.shape, p.numerics, p.hardware
    return {
        "key": p.key, "workload": s.workload, "layer": s.layer,
        "m": s.m, "n": s.n, "k": s.k, "sample_m": s.m, "sample_n": s.n,
        "a_data": s.a_data, "b_data": s.b_data, "a_mean": s.a_mean, "b_mean": s.b_mean,
        "a_format": nm.a_format, "b_format": nm.b_format,
        "scale": nm.scale, "block_size": nm.effective_block if nm.scale != "none"
        or nm.acc == "trunc" else 0,
        **_bits(nm),
        "rule": nm.rule, "tensor_scale": int(nm.tensor_scale), "acc": nm.acc,
        "acc_bits": nm.acc_bits, "acc_interval": nm.acc_interval,
        "out_format": nm.out_format,
        "rows": hw.rows, "cols": hw.cols, "lane_bits": hw.lane_bits,
        "data_bits": hw.data_bits, "buf_depth": hw.buf_depth,
        "trunc_built": int(hw.trunc),
        "formats_built": "all" if hw.formats is None else "+".join(hw.formats),
        "latency": hw.latency, "bw": hw.bw,
    }


def _storage_bits(name: str) -> float:
    """Bits an element takes in memory: its code's, except for base-3
    ternary (five codes a byte, numerics.md 6)."""
    import mxa
    return 8 / 5 if name == "ternary_b3" else mxa.format(name).bits


def _bits(nm) -> dict:
    """Storage bits per element: each format's, and their mean plus the
    block scale's share (8 bits per block)."""
    a, b = _storage_bits(nm.a_format), _storage_bits(nm.b_format)
    per = (a + b) / 2 + (8 / nm.effective_block if nm.scale != "none" else 0)
    return {"a_bits": a, "b_bits": b, "bits_per_element": per}


def _gemm(p: Point) -> dict:
    s, nm, hw = p.shape, p.numerics, p.hardware
    rec = recipe(nm)
    out: dict = {}
    dev = _device(sim_spec(hw)) if p.simulate else None
    if dev is not None and (s.m > dev.info.max_m or s.n > dev.info.max_n
                            or s.k > dev.info.max_k):
        dev = None  # larger than one job of this configuration: the model
    # the RTL runs the whole shape; the emulator a sample of a modelled one
    m = s.m if dev is not None else min(s.m, s.sample_m or s.m)
    n = s.n if dev is not None else min(s.n, s.sample_n or s.n)
    out.update(sample_m=m, sample_n=n)
    a, b = operands(s, p.seed, m, n)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    if dev is not None:
        res = dev.matmul_float(a, b, rec)
        st = res.stats
        peak = dev.info.peak_macs(nm.a_format, nm.b_format)
        out.update(cost_source="rtl", model_outside="", cycles=st.cycles, macs=st.macs,
                   bytes_read=st.bytes_read, bytes_written=st.bytes_written,
                   dma_stall_cycles=st.dma_stall_cycles,
                   compute_stall_cycles=st.compute_stall_cycles,
                   peak_macs_per_cycle=peak)
    else:
        from mxa import hw as mhw
        res = _device("emu").matmul_float(a, b, rec)
        pr = mhw.predict(hw_config(hw), s.m, s.n, s.k, nm.a_format, nm.b_format,
                         scale=nm.scale, block_size=nm.block_size, acc=nm.acc,
                         latency=hw.latency, bw=hw.bw or None)
        out.update(cost_source="model", model_outside=pr["outside"],
                   cycles=int(pr["cycles"]), macs=s.m * s.n * s.k,
                   bytes_read=int(pr["bytes_read"]), bytes_written=int(pr["bytes_written"]),
                   dma_stall_cycles=pr.get("dma_stall_cycles"),
                   compute_stall_cycles=pr.get("compute_stall_cycles"),
                   utilization=float(pr["utilization"]))
    if out["cost_source"] == "rtl":
        cyc = out["cycles"]
        peak = out.pop("peak_macs_per_cycle")
        out["utilization"] = out["macs"] / (cyc * peak) if cyc and peak else float("nan")
    out["macs_per_cycle"] = out["macs"] / out["cycles"] if out["cycles"] else float("nan")
    out.update(accuracy(res.d, ref))
    if nm.acc != "fp32":
        # The accumulator's own error: against the same quantized operands
        # accumulated in fp32 (numerics.md 5.1).
        base = _device("emu").matmul_float(a, b, recipe(_replace(nm, acc="fp32", acc_bits=0,
                                                                 acc_interval=0)))
        out["acc_rel_error"] = accuracy(res.d, base.d.astype(np.float64))["rel_error"]
    else:
        out["acc_rel_error"] = 0.0
    return out


@functools.lru_cache(maxsize=1)
def _digits_model():
    from mxa import digits
    return digits.load()


def _digits(p: Point) -> dict:
    """The trained digits model with the point's recipe on every layer:
    task accuracy, the logits' error against the FP64 model, and the
    layers' cycles from the cycle model."""
    from mxa import hw as mhw
    model = _digits_model()
    rec = recipe(p.numerics)
    dev = _device("emu")
    h = np.asarray(model.x_test, dtype=np.float32)
    h64 = h.astype(np.float64)
    cycles = rbytes = wbytes = macs = 0
    busy = 0.0   # utilization x cycles, summed: the model's utilization overall
    outside = set()  # the layers' reasons to be outside the validated domain
    last = len(model.weights) - 1
    for i, (w, b) in enumerate(zip(model.weights, model.biases)):
        c = np.ascontiguousarray(np.broadcast_to(b, (h.shape[0], b.shape[0])))
        pr = mhw.predict(hw_config(p.hardware), h.shape[0], w.shape[1], w.shape[0],
                         p.numerics.a_format, p.numerics.b_format,
                         scale=p.numerics.scale, block_size=p.numerics.block_size,
                         acc=p.numerics.acc, latency=p.hardware.latency,
                         bw=p.hardware.bw or None)
        outside.update(r for r in pr["outside"].split("+") if r)
        cycles += int(pr["cycles"])
        busy += float(pr["utilization"]) * int(pr["cycles"])
        rbytes += int(pr["bytes_read"])
        wbytes += int(pr["bytes_written"])
        macs += h.shape[0] * w.shape[0] * w.shape[1]
        h = dev.matmul_float(h, w, rec, c=c).d
        h64 = h64 @ w.astype(np.float64) + b
        if i < last:
            h = np.maximum(h, 0)
            h64 = np.maximum(h64, 0)
    acc = float((h.argmax(axis=1) == model.y_test).mean())
    out = {"cost_source": "model", "model_outside": "+".join(sorted(outside)),
           "task_accuracy": acc,
           "ref_task_accuracy": float((h64.argmax(axis=1) == model.y_test).mean()),
           "cycles": cycles, "macs": macs, "bytes_read": rbytes, "bytes_written": wbytes,
           "macs_per_cycle": macs / cycles if cycles else float("nan"),
           "utilization": busy / cycles if cycles else float("nan")}
    out.update(accuracy(h, h64))
    return out
