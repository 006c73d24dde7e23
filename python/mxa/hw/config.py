# SPDX-License-Identifier: MIT
"""Hardware configurations of the accelerator as data.

A HwConfig holds the parameters of mxa_top that change what a build costs
and how fast it runs (docs/rtl-engine.md 6). Its key names it in the caches
of models and synthesis results: the same parameters give the same key in
every process and on every machine, and a key never changes meaning while
hw/interface/mxa_formats.toml keeps its formats (formats=None means every
element format, resolved to their names).
"""

import hashlib
import json
import os
import subprocess
import tomllib
from dataclasses import dataclass, field

# python/mxa/hw/ -> the source tree (its Makefile, sim/top.mk, hw/).
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
FORMATS_TOML = os.path.join(SOURCE_ROOT, "hw", "interface", "mxa_formats.toml")

# The block sizes every build has: mxa_top leaves the engine's BlockSizes
# at its default (8, 16, 32, 64), so they are not a parameter here.
BLOCK_SIZES = (8, 16, 32, 64)


class ConfigError(ValueError):
    """A configuration the RTL cannot be built with, or a bad name."""


@dataclass(frozen=True)
class ElementFormat:
    name: str       # lower case, as the command line spells it
    value: int      # enum FMT
    bits: int       # bits of a code
    base3: bool     # five codes to a byte (TERNARY_B3)

    def row_bytes(self, k):
        """Bytes of a packed row of k codes (docs/numerics.md 6)."""
        if self.base3:
            return (k + 4) // 5
        return (k * self.bits + 7) // 8

    def rate(self, lane_bits):
        """Elements a unit takes a beat: mxa_dpu_pkg::rate()."""
        return -(-lane_bits // max(self.bits, 2))


_FORMATS = None


def element_formats():
    """name -> ElementFormat, from hw/interface/mxa_formats.toml."""
    global _FORMATS
    if _FORMATS is None:
        try:
            with open(FORMATS_TOML, "rb") as f:
                desc = tomllib.load(f)
        except OSError as e:
            raise ConfigError(f"the format description is not there ({e}): "
                              "mxa.hw needs the source tree") from e
        _FORMATS = {
            d["name"].lower(): ElementFormat(
                d["name"].lower(), d["value"], d["bits"],
                d.get("packing", "dense") == "base3")
            for d in desc["format"] if d["role"] == "element"}
    return _FORMATS


def element_format(name):
    fmts = element_formats()
    key = str(name).lower()
    if key not in fmts:
        raise ConfigError(f"unknown element format '{name}' (element "
                          f"formats: {' '.join(fmts)})")
    return fmts[key]


def _pow2(x):
    return x > 0 and x & (x - 1) == 0


@dataclass(frozen=True)
class BuildParams:
    """The parameters of mxa_top that a build may change (docs/rtl-engine.md
    6) and their defaults, unchecked: HwConfig checks them, and an
    experiment's [hardware] table holds them before anything is built."""
    rows: int = 8
    cols: int = 2
    lane_bits: int = 64
    data_bits: int = 256
    buf_depth: int = 512
    trunc: bool = True
    formats: tuple = None           # names; None: every element format


@dataclass(frozen=True)
class HwConfig(BuildParams):
    """Parameters of one build of mxa_top (docs/rtl-engine.md 6), checked,
    with the formats in canonical order."""
    _canon: tuple = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        fmts = element_formats()
        if self.formats is None:
            names = tuple(sorted(fmts, key=lambda n: fmts[n].value))
        else:
            if isinstance(self.formats, str):
                raise ConfigError("formats: a list of names, not a string")
            names = tuple(sorted({element_format(n).name for n in self.formats},
                                 key=lambda n: fmts[n].value))
            if not names:
                raise ConfigError("formats: at least one element format")
        object.__setattr__(self, "formats",
                           None if self.formats is None else names)
        object.__setattr__(self, "_canon", names)
        self._check()

    def _check(self):
        for name in ("rows", "cols", "lane_bits", "data_bits", "buf_depth"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ConfigError(f"{name}={v!r}: expected a positive integer")
        if self.rows > 64 or self.cols > 64:
            raise ConfigError(f"rows={self.rows}, cols={self.cols}: at most 64 each")
        if not _pow2(self.data_bits) or not 64 <= self.data_bits <= 512:
            raise ConfigError(f"data_bits={self.data_bits}: a power of two, 64 to 512")
        # A beat may span a few bits more than lane_bits (FP6: 66 of 64),
        # and the feeder cuts it out of two words.
        if not _pow2(self.lane_bits) or not 16 <= self.lane_bits <= self.data_bits // 2:
            raise ConfigError(f"lane_bits={self.lane_bits}: a power of two, "
                              f"16 to data_bits / 2 ({self.data_bits // 2})")
        words = self.buf_depth * self.lane_bits // self.data_bits
        if (self.buf_depth * self.lane_bits % self.data_bits or not _pow2(words)
                or words < 4):
            raise ConfigError(f"buf_depth={self.buf_depth}: buf_depth x lane_bits "
                              f"/ data_bits must be a power of two >= 4")

    # ---------------------------------------------------------------- derived
    @property
    def format_names(self):
        """The element formats built, by name (all of them for None)."""
        return self._canon

    @property
    def max_k(self):
        """CAP_MAX_K: a whole row of K 8-bit codes fits a bank."""
        return self.buf_depth * self.lane_bits // 8

    def rate(self, a_format, b_format):
        """Element pairs a beat for a job of these formats."""
        for f in (a_format, b_format):
            if element_format(f).name not in self._canon:
                raise ConfigError(f"format {f} is not built into {self.key}")
        return min(element_format(a_format).rate(self.lane_bits),
                   element_format(b_format).rate(self.lane_bits))

    def params(self):
        """The canonical parameters, as the key hashes them."""
        return {"rows": self.rows, "cols": self.cols,
                "lane_bits": self.lane_bits, "data_bits": self.data_bits,
                "buf_depth": self.buf_depth, "trunc": bool(self.trunc),
                "formats": list(self._canon)}

    @property
    def key(self):
        """Stable name of the parameters: the array's shape (rows x cols x
        lane bits, as device names show it), then a hash of them all."""
        blob = json.dumps(self.params(), sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(blob.encode()).hexdigest()[:10]
        return f"{self.rows}x{self.cols}x{self.lane_bits}-{digest}"

    def verilator_params(self):
        """mxa_top's parameters but Formats (which go by name)."""
        return [f"-GRows={self.rows}", f"-GCols={self.cols}",
                f"-GLaneBits={self.lane_bits}", f"-GDataBits={self.data_bits}",
                f"-GBufDepth={self.buf_depth}",
                f"-GTruncMode=1'b{1 if self.trunc else 0}"]


# ---------------------------------------------------------------- shipped
_SHIPPED = None


def _make_vars(names):
    """Variables of the source tree's Makefile (its print-% rule)."""
    env = dict(os.environ)
    for v in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(v, None)
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", SOURCE_ROOT]
        + [f"print-{n}" for n in names],
        capture_output=True, text=True, env=env, check=True).stdout
    lines = out.splitlines()
    if len(lines) != len(names):
        raise ConfigError(f"make print-{names[0]}...: unexpected output {out!r}")
    return dict(zip(names, lines))


def shipped_configs():
    """name -> HwConfig of the configurations sim/top.mk builds
    (TOP_CONFIGS), read from sim/top.mk itself."""
    global _SHIPPED
    if _SHIPPED is None:
        configs = _make_vars(["TOP_CONFIGS"])["TOP_CONFIGS"].split()
        names = []
        for c in configs:
            names += [f"TOP_DEFS_{c}", f"TOP_FORMATS_{c}"]
        v = _make_vars(names)
        shipped = {}
        for c in configs:
            defs = dict(d[2:].split("=", 1) for d in v[f"TOP_DEFS_{c}"].split())
            fmts = v[f"TOP_FORMATS_{c}"].split()
            shipped[c] = HwConfig(
                rows=int(defs["TOP_ROWS"]), cols=int(defs["TOP_COLS"]),
                lane_bits=int(defs["TOP_LANE_BITS"]),
                data_bits=int(defs["TOP_DATA_BITS"]),
                buf_depth=int(defs["TOP_BUF_DEPTH"]),
                trunc=bool(int(defs["TOP_TRUNC"])),
                formats=fmts or None)
        _SHIPPED = shipped
    return dict(_SHIPPED)


def shipped_name(cfg):
    """The name of the shipped configuration with cfg's parameters, or None."""
    for name, c in shipped_configs().items():
        if c.key == cfg.key:
            return name
    return None
