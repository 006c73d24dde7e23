"""How a result point (a row of results.csv, a point of results.json) is
named in the report's figures and in the tables of the documentation: one
spelling of its formats, numerics and hardware for both."""
from __future__ import annotations


def format_pair(p) -> str:
    """"e4m3", or "e4m3:e2m1" when the operands differ."""
    a, b = p["a_format"], p["b_format"]
    return a if a == b else f"{a}:{b}"


def numerics_label(p, acc_detail: bool = False) -> str:
    """Formats, block scaling and accumulator, e.g. "e4m3 mx32 W14".

    A figure's legend names a truncating accumulator by its width alone
    ("W14": the figures that vary it say the rest); a table of the
    documentation, read on its own, spells it out ("trunc W14 N128")."""
    s = format_pair(p)
    if p["scale"] != "none":
        s += f" {p['scale']}{p['block_size']}"
    if p["acc"] == "trunc":
        if acc_detail:
            s += f" trunc W{p['acc_bits']} N{p['acc_interval']}"
        else:
            s += f" W{p['acc_bits']}"
    elif p["acc"] != "fp32":
        s += f" {p['acc']}"
    return s


def hw_label(p, lanes: bool = True) -> str:
    """The array ("2x1 l32"), and the formats built when not all of them
    ("2x1 l32 [e4m3+e2m1]"); without the lane width for lanes=False, as the
    documentation's tables name it."""
    f = p["formats_built"]
    s = f"{p['rows']}x{p['cols']}" + (f" l{p['lane_bits']}" if lanes else "")
    return s + ("" if f == "all" else f" [{f}]")

