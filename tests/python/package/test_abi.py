# SPDX-License-Identifier: MIT
"""The ctypes structures and constants of mxa._lib against lib/mxa.h as the
C compiler sees it: sizes, field offsets and enum values."""
import ctypes
import shutil
import subprocess

import pytest

from mxa import _lib
from conftest import REPO


def c_layout(tmp_path):
    """Compiles and runs a program printing what the header defines."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.fail("no C compiler (cc) to read lib/mxa.h with")
    lines = ['#include <stdio.h>', '#include <stddef.h>', '#include "mxa.h"',
             'int main(void) {']
    for cname, st in _lib.STRUCTS.items():
        lines.append(f'printf("{cname} size %zu\\n", '
                     f'sizeof(struct {cname}));')
        for field, _ in st._fields_:
            lines.append(f'printf("{cname}.{field} %zu\\n", '
                         f'offsetof(struct {cname}, {field}));')
    for name in _lib.CONSTANTS:
        lines.append(f'printf("{name} %ld\\n", (long)({name}));')
    lines += ['return 0;', '}']
    src = tmp_path / "layout.c"
    src.write_text("\n".join(lines) + "\n")
    exe = tmp_path / "layout"
    subprocess.run([cc, "-std=c11", "-Wall", "-Werror", "-I",
                    str(REPO / "lib"), str(src), "-o", str(exe)], check=True)
    out = subprocess.run([str(exe)], check=True, capture_output=True,
                         text=True).stdout
    return dict(line.rsplit(" ", 1) for line in out.splitlines())


def test_structs_and_constants_match_header(tmp_path):
    c = c_layout(tmp_path)
    mismatches = []
    for cname, st in _lib.STRUCTS.items():
        if int(c[f"{cname} size"]) != ctypes.sizeof(st):
            mismatches.append(f"sizeof(struct {cname}) = {c[cname + ' size']}"
                              f", ctypes {ctypes.sizeof(st)}")
        for field, _ in st._fields_:
            off = getattr(st, field).offset
            c_off = int(c[f"{cname}.{field}"])
            if c_off != off:
                mismatches.append(f"{cname}.{field} at {c_off}, ctypes {off}")
    for name, value in _lib.CONSTANTS.items():
        if int(c[name]) != value:
            mismatches.append(f"{name} = {c[name]}, Python {value}")
    assert not mismatches, "\n".join(mismatches)


def test_every_header_struct_is_mirrored():
    """A structure added to mxa.h must be added to _lib.STRUCTS too."""
    import re
    header = (REPO / "lib" / "mxa.h").read_text()
    defined = set(re.findall(r"^struct (mxa_\w+) \{", header, re.M))
    assert defined == set(_lib.STRUCTS)
