#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""fmt_mask.py - the element formats of an RTL build, from their names.

    scripts/fmt_mask.py [NAME...]

Prints the Formats parameter of mxa_top (and of the units) that holds the
element formats NAME... (bit f for the format of value f, names as the
command line spells them, e.g. e4m3 e2m1 int4), as a SystemVerilog literal
of the parameter's width: one past the highest element format value, as
mxa_dpu_pkg::num_elem_fmts() has it, e.g. 12'h0c12. Without a name, every
element format. The formats come from hw/interface/mxa_formats.toml, so a
build's list is checked against the one description: an unknown name, or
one of a scale or output format, is an error (one line on stderr, exit 1).
"""

import os
import sys
import tomllib

FORMATS = "hw/interface/mxa_formats.toml"


def element_formats(root):
    """Lower-case name -> value of every element format; names of others."""
    with open(os.path.join(root, FORMATS), "rb") as f:
        desc = tomllib.load(f)
    elems, others = {}, {}
    for fmt in desc["format"]:
        name = fmt["name"].lower()
        if fmt["role"] == "element":
            elems[name] = fmt["value"]
        else:
            others[name] = fmt["role"]
    return elems, others


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        elems, others = element_formats(root)
    except (OSError, KeyError, tomllib.TOMLDecodeError) as e:
        print(f"fmt_mask: {FORMATS}: {e}", file=sys.stderr)
        return 1
    mask = 0
    for name in argv or sorted(elems):
        key = name.lower()
        if key in others:
            print(f"fmt_mask: '{name}' is a {others[key]} format, not an "
                  f"element format", file=sys.stderr)
            return 1
        if key not in elems:
            print(f"fmt_mask: unknown format '{name}' (element formats: "
                  f"{' '.join(sorted(elems, key=elems.get))})",
                  file=sys.stderr)
            return 1
        mask |= 1 << elems[key]
    width = max(elems.values()) + 1
    print(f"{width}'h{mask:0{(width + 3) // 4}x}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
