"""Reading an experiment file (TOML) into the list of points it asks for.

An experiment is the product of its workloads' shapes, the [sweep] table
(formats, scale mode, block size, rule, accumulation) and the [hardware]
table (array shape, lane bits, formats built, memory).  Every mistake in
the file is reported as ``FILE:LINE: key: reason`` before anything runs:
tomllib gives the line of a syntax error, and for a semantic one the line
of the offending key is found in the text (``_Locator``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tomllib
from typing import Any

from .. import data
from ..formats import formats
from ..hw.cache import sources_hash
from ..hw.config import BuildParams
from ..recipe_params import RecipeParams

SCALES = ("none", "mx", "nv")
RULES = ("floor", "ceil")
ACCS = ("fp32", "trunc", "exact")
OUT_FORMATS = ("fp32", "bf16")
BLOCK_SIZES = (0, 8, 16, 32, 64)
WORKLOAD_TYPES = ("synthetic", "gemm", "digits")
# The promotion interval that means "never promote before the end of K"
# (the largest N of numerics.md 5.2; a multiple of every block size).
NO_PROMOTION = 65536
# Default M*N*K below which a point runs on the Verilated RTL.
DEFAULT_SIMULATE_BELOW = 1 << 21
# Bumped when what a point computes changes, so cached points are redone.
EVAL_VERSION = 4


class SpecError(Exception):
    """A mistake in an experiment file, with its line."""

    def __init__(self, path: str, line: int, key: str, reason: str):
        self.path, self.line, self.key, self.reason = path, line, key, reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key + ': ' if key else ''}{reason}")


@dataclasses.dataclass(frozen=True)
class Shape:
    """One matrix multiplication of a workload: D (m x n) = A (m x k) B (k x n)."""
    workload: str
    layer: str
    m: int
    n: int
    k: int
    kind: str              # synthetic | gemm | digits
    a_data: str            # mxa.data kind of A
    b_data: str
    a_params: tuple = ()   # sorted (name, value) pairs
    b_params: tuple = ()
    # Accuracy of a modelled point is measured on a sample_m x sample_n
    # corner of D (full K): the cost model takes the whole shape, the
    # emulator need not (0: the whole shape).
    sample_m: int = 0
    sample_n: int = 0
    a_mean: float = 0.0    # added to the generated data (a nonzero mean)
    b_mean: float = 0.0


@dataclasses.dataclass(frozen=True)
class Hardware(BuildParams):
    """One hardware configuration (unchecked: mxa.hw.HwConfig checks it when
    a point runs) and the memory it is attached to."""
    latency: int = 100
    bw: int = 0                    # bytes per cycle; 0 = unlimited

    @property
    def label(self) -> str:
        f = "all" if self.formats is None else "+".join(self.formats)
        return (f"{self.rows}x{self.cols} l{self.lane_bits} d{self.data_bits}"
                f" [{f}]")

    def config_args(self) -> dict:
        """The arguments of mxa.hw.HwConfig for this configuration."""
        args = {f.name: getattr(self, f.name) for f in dataclasses.fields(BuildParams)}
        args["formats"] = None if self.formats is None else list(self.formats)
        return args


@dataclasses.dataclass(frozen=True)
class Numerics(RecipeParams):
    """How the operands are quantized and the products accumulated: the
    parameters of an mxa.Recipe as the experiment file gives them (the
    Recipe a point runs with checks them again through libmxa)."""

    @property
    def effective_block(self) -> int:
        if self.block_size:
            return self.block_size
        return 16 if self.scale == "nv" else 32


@dataclasses.dataclass(frozen=True)
class Point:
    shape: Shape
    numerics: Numerics
    hardware: Hardware
    seed: int
    simulate: bool       # cost from the RTL (True) or the cycle model
    area: bool           # silicon estimate wanted

    def params(self) -> dict:
        return {"shape": dataclasses.asdict(self.shape),
                "numerics": dataclasses.asdict(self.numerics),
                "hardware": dataclasses.asdict(self.hardware),
                "seed": self.seed, "simulate": self.simulate,
                "area": self.area, "version": EVAL_VERSION,
                # The RTL's cycles and area: a point that takes either is
                # stale when the RTL changes.
                "rtl": sources_hash() if self.simulate or self.area else None}

    @property
    def key(self) -> str:
        """Hash of everything the point's result depends on (its cache name)."""
        text = json.dumps(self.params(), sort_keys=True, default=list)
        return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclasses.dataclass
class Experiment:
    path: str
    name: str
    title: str
    description: str
    seed: int
    simulate_below: int
    area: bool
    points: list
    excluded: list        # (description, reason) of combinations left out


# ------------------------------------------------------------ line lookup
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


class _Locator:
    """Finds the line of a key in the text of a TOML file.

    Good enough for the files this module reads: [table] and [[array]]
    headers, ``key = value`` lines, values spread over following lines.
    """

    def __init__(self, text: str):
        self.lines = text.splitlines()
        # (line number, table name, index among [[table]]s or None)
        self.sections = []
        counts: dict = {}
        for no, line in enumerate(self.lines, 1):
            m = _HEADER.match(line)
            if m and not line.lstrip().startswith("#"):
                name = m.group(2).strip()
                if m.group(1) == "[[":
                    idx = counts.get(name, 0)
                    counts[name] = idx + 1
                    self.sections.append((no, name, idx))
                else:
                    self.sections.append((no, name, None))

    def _range(self, table: str, index):
        for i, (no, name, idx) in enumerate(self.sections):
            if name == table and (index is None or idx == index):
                end = (self.sections[i + 1][0] if i + 1 < len(self.sections)
                       else len(self.lines) + 1)
                return no, end
        return None

    def line(self, table: str | None, index=None, key: str | None = None,
             value: Any = None) -> int:
        rng = self._range(table, index) if table else (1, (self.sections[0][0]
                                                        if self.sections else len(self.lines) + 1))
        if rng is None:
            return 0
        start, end = rng
        if key is None:
            return start
        pat = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for no in range(start, end):
            if pat.match(self.lines[no - 1]):
                if value is not None:
                    # the element's own line inside a list spread over lines
                    needle = json.dumps(value) if isinstance(value, str) else str(value)
                    for n2 in range(no, end):
                        text = self.lines[n2 - 1].split("#", 1)[0]
                        if needle in text:
                            return n2
                        if n2 > no and re.match(r"^\s*[A-Za-z0-9_]+\s*=", text):
                            break
                return no
        return start


# ------------------------------------------------------------ validation
class _Reader:
    """Typed access to one table of the file; errors carry the key's line."""

    def __init__(self, path, loc, table, data, index=None, label=None):
        self.path, self.loc, self.table, self.data = path, loc, table, data
        self.index = index
        self.label = label or table
        self.used = set()

    def fail(self, key, reason, value=None):
        line = self.loc.line(self.table, self.index, key, value)
        name = f"{self.label}.{key}" if key else self.label
        raise SpecError(self.path, line, name, reason)

    def get(self, key, default=None):
        self.used.add(key)
        return self.data.get(key, default)

    def require(self, key):
        self.used.add(key)
        if key not in self.data:
            self.fail(None, f"missing key '{key}'")
        return self.data[key]

    def listof(self, key, default, check):
        """A value or a list of values, each checked; returns a list."""
        v = self.get(key, default)
        vals = v if isinstance(v, list) else [v]
        if not vals:
            self.fail(key, "empty list")
        out = []
        for x in vals:
            out.append(check(key, x))
        return out

    def finish(self, known):
        for k in self.data:
            if k not in known:
                self.fail(k, f"unknown key (expected one of {', '.join(sorted(known))})")

    # checkers
    def choice(self, options):
        def check(key, x):
            if not isinstance(x, str) or x not in options:
                self.fail(key, f"{x!r} is not one of {', '.join(map(str, options))}", x)
            return x
        return check

    def integer(self, lo=None, hi=None, options=None):
        def check(key, x):
            if isinstance(x, bool) or not isinstance(x, int):
                self.fail(key, f"{x!r} is not an integer", x)
            if options is not None and x not in options:
                self.fail(key, f"{x} is not one of {', '.join(map(str, options))}", x)
            if lo is not None and x < lo:
                self.fail(key, f"{x} is below {lo}", x)
            if hi is not None and x > hi:
                self.fail(key, f"{x} is above {hi}", x)
            return x
        return check

    def boolean(self, key, x):
        if not isinstance(x, bool):
            self.fail(key, f"{x!r} is not true or false", x)
        return x


def _known_formats():
    """The element formats the library knows (the package loads libmxa)."""
    return [f.name for f in formats()]


def _stable_seed(*parts) -> int:
    h = hashlib.sha256("\0".join(map(str, parts)).encode()).digest()
    return int.from_bytes(h[:4], "little")


def _workloads(path, loc, doc, formats_known):
    entries = doc.get("workload")
    if entries is None:
        raise SpecError(path, 0, "workload", "no [[workload]] table")
    if not isinstance(entries, list):
        raise SpecError(path, loc.line("workload"), "workload",
                        "must be an array of tables ([[workload]])")
    shapes, names = [], set()
    for i, w in enumerate(entries):
        r = _Reader(path, loc, "workload", w, index=i, label=f"workload[{i}]")
        name = r.require("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.\-]+", name):
            r.fail("name", f"{name!r} is not a name (letters, digits, _ . -)")
        if name in names:
            r.fail("name", f"workload '{name}' given twice")
        names.add(name)
        r.label = f"workload '{name}'"
        wtype = r.listof("type", "synthetic", r.choice(WORKLOAD_TYPES))
        if len(wtype) != 1:
            r.fail("type", "one type per workload")
        wtype = wtype[0]
        known = {"name", "type", "a", "b", "a_params", "b_params", "sample_m", "sample_n",
                 "a_mean", "b_mean"}
        means = [r.get(key, 0.0) for key in ("a_mean", "b_mean")]
        for key, v in zip(("a_mean", "b_mean"), means):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                r.fail(key, f"{v!r} is not a number")
        means = [float(v) for v in means]
        smp = [r.get(key, 64 if wtype == "gemm" else 0) for key in ("sample_m", "sample_n")]
        for key, v in zip(("sample_m", "sample_n"), smp):
            r.integer(0, 1 << 20)(key, v)

        def data_kind(key):
            v = r.get(key, "gaussian")
            r.choice(data.KINDS)(key, v)
            return v

        def params(key):
            v = r.get(key, {})
            if not isinstance(v, dict):
                r.fail(key, "must be a table, e.g. { df = 3 }")
            return tuple(sorted((k, v[k]) for k in v))

        a, b = data_kind("a"), data_kind("b")
        ap, bp = params("a_params"), params("b_params")
        if wtype == "synthetic":
            known |= {"m", "n", "k"}
            dims = [r.listof(d, None if d == "k" else None, r.integer(1, 1 << 20))
                    if d in w else r.fail(None, f"missing key '{d}'") for d in "mnk"]
            for m in dims[0]:
                for n in dims[1]:
                    for k in dims[2]:
                        shapes.append(Shape(name, f"{m}x{n}x{k}", m, n, k,
                                            "synthetic", a, b, ap, bp, *smp, *means))
        elif wtype == "gemm":
            known |= {"topology", "layers"}
            topo = r.require("topology")
            if not isinstance(topo, str):
                r.fail("topology", "must be a shipped topology's name or a CSV path")
            layers = r.get("layers", 0)
            r.integer(0)("layers", layers)
            for g in _load_topology(r, topo, os.path.dirname(os.path.abspath(path)))[
                    :layers or None]:
                shapes.append(Shape(name, g.name, g.m, g.n, g.k, "gemm",
                                    a, b, ap, bp, *smp, *means))
        else:  # digits: the trained model's layers; shapes from the model
            shapes.append(Shape(name, "model", 0, 0, 0, "digits", "digits", "digits"))
        r.finish(known)
    return shapes


def _load_topology(r, topo, base):
    try:
        from mxa import workloads
    except Exception as e:  # noqa: BLE001 - the package is needed for CSV topologies
        r.fail("topology", f"cannot load mxa.workloads: {e}")
    shipped = {}
    try:
        shipped = workloads.shipped()
    except Exception:  # noqa: BLE001
        pass
    path = shipped.get(topo) or (topo if os.path.isabs(topo) else os.path.join(base, topo))
    if not os.path.exists(path):
        r.fail("topology", f"'{topo}' is neither a shipped topology "
               f"({', '.join(sorted(shipped)) or 'none'}) nor a file", topo)
    try:
        layers = workloads.load_gemm_csv(path)
    except Exception as e:  # noqa: BLE001 - reported with the key's line
        r.fail("topology", f"{path}: {e}", topo)
    if not layers:
        r.fail("topology", f"{path} has no layers", topo)
    return layers


def _numerics(path, loc, doc, formats_known):
    sw = doc.get("sweep")
    if not isinstance(sw, dict):
        raise SpecError(path, loc.line("sweep") if sw is not None else 0, "sweep",
                        "missing [sweep] table")
    r = _Reader(path, loc, "sweep", sw)

    def fmt_pair(key, x):
        if not isinstance(x, str) or not re.fullmatch(r"[a-z0-9_]+(:[a-z0-9_]+)?", x):
            r.fail(key, f"{x!r} is not a format or an 'A:B' pair of formats", x)
        a, _, b = x.partition(":")
        b = b or a
        for f in (a, b):
            if f not in formats_known:
                r.fail(key, f"unknown element format '{f}' (the library has "
                       f"{', '.join(formats_known)})", x)
        return (a, b)

    pairs = r.listof("formats", None, fmt_pair) if "formats" in sw else r.fail(
        None, "missing key 'formats'")
    scales = r.listof("scale", "none", r.choice(SCALES))
    blocks = r.listof("block_size", 0, r.integer(options=BLOCK_SIZES))
    rules = r.listof("rule", "floor", r.choice(RULES))
    tscale = r.listof("tensor_scale", False, r.boolean)
    accs = r.listof("acc", "fp32", r.choice(ACCS))
    bits = r.listof("trunc_bits", 14, r.integer(4, 32))

    def interval(key, x):
        if x == "none":
            return NO_PROMOTION
        return r.integer(8, NO_PROMOTION)(key, x)
    intervals = r.listof("trunc_interval", 128, interval)
    outs = r.listof("out_format", "fp32", r.choice(OUT_FORMATS))
    r.finish({"formats", "scale", "block_size", "rule", "tensor_scale", "acc",
              "trunc_bits", "trunc_interval", "out_format"})
    combos, excluded, seen = [], [], set()
    for a, b in pairs:
        for sc in scales:
            for bs in blocks:
                for rule in rules:
                    for ts in tscale:
                        for acc in accs:
                            for w in bits if acc == "trunc" else [0]:
                                for n in intervals if acc == "trunc" else [0]:
                                    for out in outs:
                                        nm = Numerics(
                                            a, b, sc, bs if sc != "none" else 0,
                                            rule if sc == "mx" else "floor",
                                            ts if sc == "nv" else False,
                                            acc, w, n, out)
                                        if nm in seen:
                                            continue
                                        seen.add(nm)
                                        why = _numerics_invalid(nm)
                                        if why:
                                            excluded.append((_describe(nm), why))
                                        else:
                                            combos.append(nm)
    return combos, excluded


def _numerics_invalid(nm: Numerics):
    if nm.acc == "exact" and nm.scale != "none":
        return "exact accumulation is defined for scale none only"
    if nm.acc == "trunc" and nm.acc_interval % nm.effective_block:
        return (f"promotion interval {nm.acc_interval} is not a multiple of "
                f"the block size {nm.effective_block}")
    return None


def _describe(nm: Numerics) -> str:
    s = f"{nm.a_format}:{nm.b_format} {nm.scale}"
    if nm.scale != "none":
        s += f" bs{nm.effective_block}"
    s += f" {nm.acc}"
    if nm.acc == "trunc":
        s += f" W{nm.acc_bits} N{nm.acc_interval}"
    return s


def _hardware(path, loc, doc, formats_known):
    """[hardware] (one product of its lists) or [[hardware]] tables (the
    union of their products): the configurations to run on."""
    hw = doc.get("hardware", {})
    if isinstance(hw, list):
        out = []
        for i, t in enumerate(hw):
            for h in _hardware_table(path, loc, t, i, f"hardware[{i}]", formats_known):
                if h not in out:
                    out.append(h)
        return out
    if not isinstance(hw, dict):
        raise SpecError(path, loc.line("hardware"), "hardware",
                        "must be a table ([hardware]) or tables ([[hardware]])")
    return _hardware_table(path, loc, hw, None, "hardware", formats_known)


def _hardware_table(path, loc, hw, index, label, formats_known):
    r = _Reader(path, loc, "hardware", hw, index=index, label=label)
    rows = r.listof("rows", 8, r.integer(1, 64))
    cols = r.listof("cols", 2, r.integer(1, 64))
    lanes = r.listof("lane_bits", 64, r.integer(options=(16, 32, 64, 128, 256)))
    data = r.listof("data_bits", 256, r.integer(options=(64, 128, 256, 512)))
    depth = r.listof("buf_depth", 512, r.integer(16, 1 << 16))
    trunc = r.listof("trunc", True, r.boolean)
    lat = r.listof("latency", 100, r.integer(0, 1 << 20))
    bw = r.listof("bw", 0, r.integer(0, 1 << 16))

    def fmt_set(key, x):
        if x == "all":
            return None
        if not isinstance(x, list) or not x or not all(isinstance(f, str) for f in x):
            r.fail(key, f"{x!r} is neither \"all\" nor a list of format names")
        for f in x:
            if f not in formats_known:
                r.fail(key, f"unknown element format '{f}'", f)
        return tuple(x)
    raw = hw.get("formats", "all")
    # a list of names is one set; a list of lists (or "all") several
    if isinstance(raw, list) and raw and all(isinstance(f, str) for f in raw) and "all" not in raw:
        raw = [raw]
    r.used.add("formats")
    fsets = [fmt_set("formats", x) for x in (raw if isinstance(raw, list) else [raw])]
    r.finish({"rows", "cols", "lane_bits", "data_bits", "buf_depth", "trunc",
              "latency", "bw", "formats"})
    out = []
    for R in rows:
        for C in cols:
            for lb in lanes:
                for db in data:
                    for dp in depth:
                        for t in trunc:
                            for fs in fsets:
                                for la in lat:
                                    for b in bw:
                                        out.append(Hardware(R, C, lb, db, dp, t, fs, la, b))
    return out


def load(path: str) -> Experiment:
    """Reads and checks an experiment file; raises SpecError."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise SpecError(path, 0, "", e.strerror or str(e)) from None
    try:
        text = raw.decode("utf-8")
        doc = tomllib.loads(text)
    except UnicodeDecodeError as e:
        raise SpecError(path, 0, "", f"not UTF-8 text ({e.reason})") from None
    except tomllib.TOMLDecodeError as e:
        # "Invalid value (at line 3, column 9)" -> FILE:3: Invalid value (column 9)
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            reason = msg[:m.start()].strip() + f" (column {m.group(2)})"
            raise SpecError(path, int(m.group(1)), "", reason) from None
        raise SpecError(path, 0, "", msg) from None
    loc = _Locator(text)
    for key in doc:
        if key not in ("experiment", "workload", "sweep", "hardware"):
            raise SpecError(path, loc.line(key) or _top_key_line(loc, key), key,
                            "unknown table (expected experiment, workload, sweep, hardware)")
    formats_known = _known_formats()
    ex = doc.get("experiment", {})
    if not isinstance(ex, dict):
        raise SpecError(path, _top_key_line(loc, "experiment"), "experiment", "must be a table")
    r = _Reader(path, loc, "experiment", ex)
    name = r.get("name", os.path.splitext(os.path.basename(path))[0])
    if not isinstance(name, str) or not name:
        r.fail("name", "must be a non-empty string")
    title = r.get("title", name)
    desc = r.get("description", "")
    for k, v in (("title", title), ("description", desc)):
        if not isinstance(v, str):
            r.fail(k, "must be a string")
    seed = r.get("seed", 1)
    r.integer(0, 2**32 - 1)("seed", seed)
    below = r.get("simulate_below", DEFAULT_SIMULATE_BELOW)
    r.integer(0)("simulate_below", below)
    area = r.get("area", True)
    r.boolean("area", area)
    r.finish({"name", "title", "description", "seed", "simulate_below", "area"})

    shapes = _workloads(path, loc, doc, formats_known)
    combos, excluded = _numerics(path, loc, doc, formats_known)
    hws = _hardware(path, loc, doc, formats_known)
    points = []
    for hw in hws:
        for nm in combos:
            if hw.formats is not None and not {nm.a_format, nm.b_format} <= set(hw.formats):
                excluded.append((f"{_describe(nm)} on {hw.label}",
                                 "format not built in this configuration"))
                continue
            if nm.acc == "trunc" and not hw.trunc:
                excluded.append((f"{_describe(nm)} on {hw.label}",
                                 "configuration built without the trunc accumulator"))
                continue
            for sh in shapes:
                seed_ = _stable_seed(seed, sh.workload, sh.layer)
                sim = sh.kind != "digits" and sh.m * sh.n * sh.k < below
                points.append(Point(sh, nm, hw, seed_, sim, area))
    if not points:
        raise SpecError(path, 0, "", "the experiment has no valid point "
                        f"({len(excluded)} combinations excluded)")
    return Experiment(os.path.abspath(path), name, title, desc, seed, below, area,
                      points, excluded)


def _top_key_line(loc, key):
    pat = re.compile(r"^\s*" + re.escape(key) + r"\s*[=.]")
    for no, line in enumerate(loc.lines, 1):
        if pat.match(line):
            return no
    return 0
