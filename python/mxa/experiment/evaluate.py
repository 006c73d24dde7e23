"""Computing one point of an experiment: accuracy and cost.

Accuracy is measured against an FP64 product of the unquantized float32
operands; cost comes from the Verilated RTL (``cost_source = "rtl"``) for
shapes small enough to simulate, otherwise from the analytic cycle model
(``"model"``), and silicon from mxa.hw.area.  Everything a point returns is
a flat dict of the CSV's columns (see report.COLUMNS).
"""
from __future__ import annotations

import functools
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


def sim_spec(hw: Hardware) -> str:
    """The device spec of hw's Verilated model (built into the cache once)."""
    from mxa import hw as mhw
    return mhw.device_spec(hw_config(hw), latency=hw.latency, bw=hw.bw or None)


@functools.lru_cache(maxsize=None)
def area(hw: Hardware) -> dict:
    """Silicon estimate of hw's configuration (the memory does not matter)."""
    from mxa import hw as mhw
    return dict(mhw.area(hw_config(hw)))


@functools.lru_cache(maxsize=8)
def operands(shape, seed: int):
    """The float32 operands of a shape, the same for every format."""
    from mxa import data
    a = _generate(data, shape.a_data, (shape.m, shape.k), seed, dict(shape.a_params))
    b = _generate(data, shape.b_data, (shape.k, shape.n), seed + 1, dict(shape.b_params))
    return a, b


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


def evaluate(p: Point) -> dict:
    """Runs one point; errors of the library are recorded, not raised."""
    import mxa
    t0 = time.monotonic()
    row = describe(p)
    try:
        if p.shape.kind == "digits":
            row.update(_digits(p))
        else:
            row.update(_gemm(p))
        row["status"] = "ok"
    except mxa.Error as e:
        row["status"] = "error"
        row["error"] = str(e)
    if p.area:
        try:
            a = area(p.hardware)
            for k in ("lut", "ff", "dsp", "bram"):
                row[k] = a.get(k)
            row["logic_levels"] = a.get("logic_levels")
            row["crit_path_ns"] = a.get("crit_path_ns")
        except mxa.Error as e:
            row.setdefault("error", f"area: {e}")
    row["seconds"] = round(time.monotonic() - t0, 3)
    return row


def describe(p: Point) -> dict:
    """The parameter columns of a point."""
    s, nm, hw = p.shape, p.numerics, p.hardware
    return {
        "key": p.key, "workload": s.workload, "layer": s.layer,
        "m": s.m, "n": s.n, "k": s.k,
        "a_data": s.a_data, "b_data": s.b_data,
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


def _bits(nm) -> dict:
    """Storage bits per element: each format's, and their mean plus the
    block scale's share (8 bits per block)."""
    import mxa
    a, b = mxa.format(nm.a_format).bits, mxa.format(nm.b_format).bits
    per = (a + b) / 2 + (8 / nm.effective_block if nm.scale != "none" else 0)
    return {"a_bits": a, "b_bits": b, "bits_per_element": per}


def _gemm(p: Point) -> dict:
    s, nm, hw = p.shape, p.numerics, p.hardware
    a, b = operands(s, p.seed)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    rec = recipe(nm)
    out: dict = {}
    if p.simulate:
        dev = _device(sim_spec(hw))
        res = dev.matmul_float(a, b, rec)
        st = res.stats
        peak = dev.info.peak_macs(nm.a_format, nm.b_format)
        out.update(cost_source="rtl", cycles=st.cycles, macs=st.macs,
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
        out.update(cost_source="model", cycles=int(pr["cycles"]), macs=s.m * s.n * s.k,
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
    return out


def _digits(p: Point) -> dict:
    """Task accuracy of the trained digits model with the point's recipe."""
    from mxa import digits
    acc = digits.infer(_device("emu"), recipe(p.numerics))
    return {"cost_source": "none", "task_accuracy": float(acc)}
