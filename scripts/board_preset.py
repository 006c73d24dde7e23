#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""board_preset.py - a board preset (hw/boards/<board>.toml) as the build
tools take it.

    scripts/board_preset.py list            the presets' names
    scripts/board_preset.py vparams BOARD   Verilator parameters of mxa_top
    scripts/board_preset.py yparams BOARD   the same as Yosys -chparam options
    scripts/board_preset.py cdefs BOARD     the C tests' view (TOP_* macros)
    scripts/board_preset.py formats BOARD   the element formats, by name
    scripts/board_preset.py make-vars BOARD the configuration as sim/top.mk's
                                            variables (boards.mk includes it)
    scripts/board_preset.py get BOARD KEY   one value (e.g. fpga.family)
    scripts/board_preset.py lut-levels BOARD
                                            the LUT levels the target clock
                                            allows: the delay target of the
                                            LUT mapping (board_synth.sh)
    scripts/board_preset.py fit BOARD STAT [LTP]
                                            a synth_xilinx `stat` report
                                            against the part's capacity and
                                            the 80% budget, the path of `ltp`
                                            against the target clock; exit 1
                                            when a resource is over the
                                            budget or the estimate misses
                                            the clock

The preset is the one description of a board build: the array, its
formats and modes, the part and its capacity, and the addresses, interrupt
and clock of the block design. The Makefile (boards.mk), the Vivado
project (gen_board_vivado.py) and the device-tree overlay
(gen_board_dtso.py) all read it through this module, so they cannot
disagree. A missing or ill-typed key is an error naming it (one line on
stderr, exit 1).
"""

import os
import re
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import fmt_mask  # noqa: E402  (the one list of element formats)

BOARDS_DIR = "hw/boards"
# Share of every resource a preset may use: room for the rest of a design
# and for the placer, which struggles on a part filled beyond about 80%.
BUDGET = 0.80

# Key -> type of every value a preset must give.
SCHEMA = {
    "board.name": str,
    "board.description": str,
    "fpga.part": str,
    "fpga.board_part": str,
    "fpga.family": str,
    "fpga.soc": str,
    "fpga.capacity.lut": int,
    "fpga.capacity.ff": int,
    "fpga.capacity.dsp": int,
    "fpga.capacity.bram36": int,
    "fpga.capacity.uram": int,
    "array.rows": int,
    "array.cols": int,
    "array.lane_bits": int,
    "array.data_bits": int,
    "array.buf_depth": int,
    "array.formats": list,
    "array.trunc": bool,
    "array.exact": bool,
    "array.pa_bits": int,
    "clock.target_mhz": int,
    "block_design.reg_port": str,
    "block_design.reg_base": int,
    "block_design.reg_size": int,
    "block_design.mem_port": str,
    "block_design.irq_port": str,
    "block_design.irq_gic_spi": int,
    "block_design.clock_port": str,
    "block_design.reset_port": str,
}
SOCS = ("zynqmp", "zynq")
FAMILIES = {"zynqmp": "xcup", "zynq": "xc7"}
# The widths the PS's HP ports take (UG1085, UG585): the bus is one of them,
# so that no width converter sits between mxa and the port.
HP_WIDTHS = {"zynqmp": (32, 64, 128), "zynq": (32, 64)}


class PresetError(Exception):
    pass


def path_of(board):
    return os.path.join(ROOT, BOARDS_DIR, board + ".toml")


def boards():
    """Every preset's name, sorted."""
    d = os.path.join(ROOT, BOARDS_DIR)
    return sorted(f[:-5] for f in os.listdir(d) if f.endswith(".toml"))


def lookup(preset, key):
    node = preset
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise PresetError(f"missing key {key}")
        node = node[part]
    return node


def load(board):
    """The preset of BOARD, checked against SCHEMA and the RTL's rules."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,19}", board):
        raise PresetError(f"'{board}' is not a board name (lower case, digits, "
                          f"'-', up to 20 characters: a sim config name)")
    try:
        with open(path_of(board), "rb") as f:
            p = tomllib.load(f)
    except OSError as e:
        raise PresetError(f"no preset: {e.strerror} ({BOARDS_DIR}/{board}.toml;"
                          f" presets: {' '.join(boards())})")
    except tomllib.TOMLDecodeError as e:
        raise PresetError(f"{BOARDS_DIR}/{board}.toml: {e}")
    for key, typ in SCHEMA.items():
        v = lookup(p, key)
        # bool is an int in Python: keep the two apart.
        if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
            raise PresetError(f"{key} must be a {typ.__name__}")
    a, bd = p["array"], p["block_design"]
    if p["board"]["name"] != board:
        raise PresetError(f"board.name is '{p['board']['name']}', the file "
                          f"says '{board}'")
    soc = p["fpga"]["soc"]
    if soc not in SOCS:
        raise PresetError(f"fpga.soc must be one of {' '.join(SOCS)}")
    if p["fpga"]["family"] != FAMILIES[soc]:
        raise PresetError(f"fpga.family of a {soc} part is {FAMILIES[soc]}")
    if a["data_bits"] not in HP_WIDTHS[soc]:
        raise PresetError(f"array.data_bits must be a width of the {soc} HP "
                          f"port: {' '.join(map(str, HP_WIDTHS[soc]))}")
    for k in ("lane_bits", "data_bits"):
        if a[k] & (a[k] - 1):
            raise PresetError(f"array.{k} must be a power of two")
    if not 16 <= a["lane_bits"] <= a["data_bits"] // 2:
        raise PresetError("array.lane_bits must be 16 ... array.data_bits / 2")
    if bd["reg_size"] & (bd["reg_size"] - 1) or bd["reg_base"] % bd["reg_size"]:
        raise PresetError("block_design.reg_size must be a power of two and "
                          "reg_base a multiple of it (Vivado's address map)")
    fmt_mask_of(p)  # checks the names
    return p


def load_for(prog, doc, argv):
    """The board, its preset and the output folder (made if missing) of a
    generator's command line BOARD OUT; exits with the usage or the
    preset's error."""
    if len(argv) != 2:
        print(doc, file=sys.stderr)
        sys.exit(2)
    board, out = argv
    try:
        p = load(board)
    except PresetError as e:
        print(f"{prog}: {board}: {e}", file=sys.stderr)
        sys.exit(1)
    os.makedirs(out, exist_ok=True)
    return board, p, out


def fmt_mask_of(p):
    """The Formats parameter as a SystemVerilog literal."""
    elems, others = fmt_mask.element_formats(ROOT)
    names = p["array"]["formats"] or sorted(elems)
    mask = 0
    for name in names:
        if name.lower() not in elems:
            raise PresetError(f"array.formats: '{name}' is not an element "
                              f"format ({' '.join(sorted(elems))})")
        mask |= 1 << elems[name.lower()]
    width = max(elems.values()) + 1
    return f"{width}'h{mask:0{(width + 3) // 4}x}"


def make_vars(p):
    """sim/top.mk's TOP_PARAMS_, TOP_DEFS_ and TOP_FMASK_ of the board, so
    that its rules build, test and synthesize the board as a configuration."""
    b = p["board"]["name"]
    prm = params(p)
    fmask = prm.pop("Formats")
    vparams = " ".join(f"-G{k}={v}" for k, v in prm.items())
    defs = cdefs(p).rsplit(" -DTOP_FORMATS=", 1)[0]
    # Quotes escaped for the shell, as sim/top.mk writes its own.
    return (f"TOP_PARAMS_{b} := {vparams.replace(chr(39), chr(92) + chr(39))}\n"
            f"TOP_DEFS_{b} := {defs}\n"
            f"TOP_FMASK_{b} := {fmask}\n")


def bit(v):
    return "1'b1" if v else "1'b0"


def params(p):
    """mxa_top's parameters of the preset, name -> value as Verilog text."""
    a = p["array"]
    return {
        "Rows": str(a["rows"]),
        "Cols": str(a["cols"]),
        "LaneBits": str(a["lane_bits"]),
        "DataBits": str(a["data_bits"]),
        "BufDepth": str(a["buf_depth"]),
        "Formats": fmt_mask_of(p),
        "TruncMode": bit(a["trunc"]),
        "ExactMode": bit(a["exact"]),
        "PaBits": str(a["pa_bits"]),
    }


def cdefs(p):
    """The macros the C tests of a configuration take (sim/top.mk)."""
    a = p["array"]
    mask = fmt_mask_of(p).split("'h")[1]
    return (f"-DTOP_ROWS={a['rows']} -DTOP_COLS={a['cols']} "
            f"-DTOP_LANE_BITS={a['lane_bits']} -DTOP_DATA_BITS={a['data_bits']} "
            f"-DTOP_BUF_DEPTH={a['buf_depth']} -DTOP_TRUNC={int(a['trunc'])} "
            f"-DTOP_EXACT={int(a['exact'])} "
            f"-DTOP_BLOCK_SIZES=0x78 -DTOP_FORMATS=0x{mask}")


# Cell types of a synth_xilinx `stat` report, by the resource they use.
# UltraScale+ names (xcup) and 7-series names (xc7); an 18 Kb block RAM is
# half a 36 Kb one.
CELLS = {
    "lut": r"LUT[1-6]|RAM32M|RAM64M|RAM32X1D|RAM64X1D|RAM128X1D|RAM256X1S|"
           r"RAM32M16|RAM64M8|RAM32X16DR8|RAM64X8SW|RAM128X1S|RAM64X1S|"
           r"RAM32X1S|SRL16E|SRLC32E",
    "ff": r"FD[CPRS]E",
    "dsp": r"DSP48E1|DSP48E2",
    "bram36": r"RAMB36E1|RAMB36E2",
    "bram18": r"RAMB18E1|RAMB18E2",
    "uram": r"URAM288",
}
# LUT sites a LUTRAM or SRL cell occupies (one LUT each but the wide ones).
LUT_SITES = {"RAM32M": 4, "RAM64M": 4, "RAM32M16": 8, "RAM64M8": 8,
             "RAM32X16DR8": 8, "RAM64X8SW": 8, "RAM32X1D": 2, "RAM64X1D": 2,
             "RAM128X1D": 4, "RAM256X1S": 4, "RAM128X1S": 2}


def stat_counts(stat_text):
    """Resources of the top in a `stat` report (its design hierarchy total)."""
    m = stat_text.find("=== design hierarchy ===")
    text = stat_text[m:] if m >= 0 else stat_text
    used = dict.fromkeys(("lut", "ff", "dsp", "bram36", "uram"), 0.0)
    for line in text.splitlines():
        f = line.split()
        if len(f) != 2 or not f[1].isdigit():
            continue
        cell, n = f[0], int(f[1])
        for res, pat in CELLS.items():
            if re.fullmatch(pat, cell):
                if res == "lut":
                    used["lut"] += n * LUT_SITES.get(cell, 1)
                elif res == "bram18":
                    used["bram36"] += n / 2
                else:
                    used[res] += n
    return used


# The estimate of the longest path: each cell on the path Yosys' `ltp`
# finds in the flattened netlist (registers and block memories cut out) is
# classed by the name of the cell it goes through, and given a typical
# delay of its kind with its net, in ns: a LUT with the route to the next
# (LUT about 0.1 ns, routing 0.3-0.6 ns), a MUXF7/F8 (no routing), one
# step of a carry chain (CARRY8 on UltraScale+, CARRY4 on the 7 series),
# a DSP slice as a combinational multiplier; plus clock-to-out and setup
# of the registers at both ends. Figures of the speed grades the presets
# name (-2 UltraScale+, -1 7 series), from the data sheets' orders of
# magnitude: a guide for the choice of the clock, not a timing analysis
# (no placement, no routing, no fan-out; docs/board.md).
DELAY_NS = {
    "xcup": {"lut": 0.45, "muxf": 0.10, "carry": 0.10, "dsp": 1.9, "reg": 0.3},
    "xc7": {"lut": 0.70, "muxf": 0.25, "carry": 0.12, "dsp": 3.4, "reg": 0.5},
}


def ltp_path(ltp_text):
    """Cells of the longest path by kind: lut, muxf, carry, dsp."""
    m = re.search(r"Longest topological path in \S+ \(length=(\d+)\)", ltp_text)
    if not m:
        raise PresetError("no 'Longest topological path' in the ltp report")
    kinds = dict.fromkeys(("lut", "muxf", "carry", "dsp"), 0)
    for line in ltp_text[m.end():].splitlines():
        via = re.search(r"\(via (.*)\)$", line)
        if not via:
            continue
        name = via.group(1)
        if re.search(r"carry[48]", name):
            kinds["carry"] += 1
        elif re.search(r"\.mux[789]$|MUXF", name):
            kinds["muxf"] += 1
        elif re.search(r"\$mul\$.*slice|DSP48", name):
            kinds["dsp"] += 1
        else:
            kinds["lut"] += 1
    return int(m.group(1)), kinds


def lut_levels(p):
    """LUTs the target clock's period holds between two registers, by the
    delays of the estimate: what the LUT mapper may spend on a path. By
    default ABC maps every path for the least depth it can reach, which
    ties the area of the whole design to its longest path; the preset's
    clock is the depth that matters."""
    d = DELAY_NS[p["fpga"]["family"]]
    return int((1000 / p["clock"]["target_mhz"] - d["reg"]) / d["lut"])


def fit(p, stat_text, ltp_text=None):
    """Prints the report; True when every resource is within BUDGET and
    the estimate meets the target clock."""
    cap = p["fpga"]["capacity"]
    used = stat_counts(stat_text)
    names = {"lut": "LUT", "ff": "FF", "dsp": "DSP", "bram36": "BRAM36",
             "uram": "URAM"}
    ok = True
    print(f"{p['board']['name']}: {p['fpga']['part']} (synth_xilinx -family "
          f"{p['fpga']['family']}), budget {BUDGET:.0%} of each resource")
    for res, label in names.items():
        c = cap[res]
        u = used[res]
        share = u / c if c else (0.0 if u == 0 else float("inf"))
        over = share > BUDGET
        ok &= not over
        print(f"  {label:<7}{u:>10g} of {c:>7} {share:>8.1%}"
              f"{'  OVER BUDGET' if over else ''}")
    if ltp_text is not None:
        length, kinds = ltp_path(ltp_text)
        d = DELAY_NS[p["fpga"]["family"]]
        ns = d["reg"] + sum(n * d[k] for k, n in kinds.items())
        target = p["clock"]["target_mhz"]
        meets = 1000 / target >= ns
        ok &= meets
        print(f"  longest path: {length} cells ({kinds['lut']} LUT, "
              f"{kinds['muxf']} MUXF, {kinds['carry']} carry, {kinds['dsp']} "
              f"DSP), about {ns:.1f} ns = {1000 / ns:.0f} MHz by the estimate")
        print(f"  target clock {target} MHz ({1000 / target:.1f} ns): "
              f"{'meets' if meets else 'MISSES'} it by the estimate (cell "
              f"counts, not a timing analysis: docs/board.md)")
    return ok


def main(argv):
    if argv == ["list"]:
        print(" ".join(boards()))
        return 0
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, board = argv[0], argv[1]
    try:
        p = load(board)
        if cmd == "vparams":
            print(" ".join(f"-G{k}={v}" for k, v in params(p).items()))
        elif cmd == "yparams":
            print(" ".join(f"-chparam {k} {v}" for k, v in params(p).items()))
        elif cmd == "cdefs":
            print(cdefs(p))
        elif cmd == "make-vars":
            print(make_vars(p), end="")
        elif cmd == "formats":
            print(" ".join(p["array"]["formats"]))
        elif cmd == "lut-levels":
            print(lut_levels(p))
        elif cmd == "get" and len(argv) == 3:
            v = lookup(p, argv[2])
            print(f"{v:#x}" if isinstance(v, int) and "base" in argv[2] else v)
        elif cmd == "fit" and len(argv) in (3, 4):
            with open(argv[2]) as f:
                stat = f.read()
            ltp = None
            if len(argv) == 4:
                with open(argv[3]) as f:
                    ltp = f.read()
            return 0 if fit(p, stat, ltp) else 1
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (PresetError, OSError) as e:
        print(f"board_preset: {board}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
