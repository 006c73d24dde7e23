#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_hw_interface.py - generate the mxa hardware interface files.

Reads hw/interface/mxa_hw.toml (the one description of registers, command
descriptor, completion record, page-table entry and enumerations) and
hw/interface/mxa_formats.toml (the one description of every number format),
checks them, and writes:

  include/mxa_hw.h        C macros and record structs, for the kernel and
                          for C11 userspace
  hw/rtl/mxa_hw_pkg.sv    SystemVerilog package mxa_hw_pkg
  docs/hw-interface.md    the document, with its tables regenerated between
                          "BEGIN GENERATED" / "END GENERATED" markers
  docs/numerics.md        its table of formats, the same way
  lib/mxa.h               the library's enum mxa_format, between
                          "BEGIN GENERATED formats" / "END GENERATED" comments

Usage: gen_hw_interface.py [--out DIR]

Paths are relative to the source tree that holds this script. With --out,
the files are written under DIR instead (the staleness test compares
them with the committed ones). Python 3.11 standard library only.
"""

import argparse
import os
import re
import sys
import textwrap
import tomllib

DESCRIPTION = "hw/interface/mxa_hw.toml"
FORMATS = "hw/interface/mxa_formats.toml"
GENERATOR = "scripts/gen_hw_interface.py"
OUT_C = "include/mxa_hw.h"
OUT_SV = "hw/rtl/mxa_hw_pkg.sv"
OUT_DOC = "docs/hw-interface.md"
OUT_NUMERICS = "docs/numerics.md"
OUT_LIB_H = "lib/mxa.h"

ACCESS = ("RO", "RW", "W1C", "W1S")
# errno names a status may map to (defined by the kernel and by libc).
ERRNOS = ("EINVAL", "EIO", "EFAULT", "ECANCELED", "ETIMEDOUT", "ENODEV")
NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
# SystemVerilog keywords that a lower-cased field name could collide with.
SV_KEYWORDS = {
    "alias", "always", "and", "assert", "assign", "begin", "bit", "break",
    "buf", "byte", "case", "cell", "class", "config", "const", "cover",
    "default", "design", "do", "edge", "else", "end", "enum", "event",
    "export", "extends", "final", "for", "force", "fork", "function", "if",
    "import", "initial", "inout", "input", "int", "integer", "join",
    "local", "logic", "longint", "module", "nand", "new", "nor", "not",
    "null", "or", "output", "package", "packed", "parameter", "real", "ref",
    "reg", "release", "return", "shortint", "signed", "static", "string",
    "struct", "super", "table", "task", "this", "time", "type", "typedef",
    "union", "unique", "unsigned", "var", "void", "wait", "while", "wire",
    "with", "xor",
}


class DescError(Exception):
    pass


def fail(where, msg, path=DESCRIPTION):
    raise DescError(f"{path}: {where}: {msg}")


def text(doc):
    """A doc string as one line of Markdown."""
    return " ".join(doc.split())


ASCII = {"×": "x", "…": "...", "−": "-", "≠": "!=", "ᵀ": "^T", "—": "-",
         "–": "-", "≥": ">=", "≤": "<=", "§": "section "}


def ascii_text(doc):
    """A doc string as one line of ASCII, for comments in generated code."""
    t = text(doc)
    for k, v in ASCII.items():
        t = t.replace(k, v)
    if not t.isascii():
        raise DescError(f"{DESCRIPTION}: add a replacement for the "
                        f"non-ASCII characters of: {t}")
    return t


def summary(doc):
    """The first sentence of a doc string."""
    t = text(doc)
    m = re.match(r"(.*?\.)(\s|$)", t)
    return m.group(1) if m else t


def get(d, key, where, kind, default=None):
    if key not in d:
        if default is not None:
            return default
        fail(where, f"missing '{key}'")
    v = d[key]
    if not isinstance(v, kind) or isinstance(v, bool):
        fail(where, f"'{key}' has the wrong type")
    return v


def check_keys(d, allowed, where):
    for k in d:
        if k not in allowed:
            fail(where, f"unknown key '{k}'")


def check_name(name, where):
    if not NAME_RE.match(name):
        fail(where, f"name '{name}' is not an upper-case identifier")


def parse_bits(s, width, where):
    m = re.fullmatch(r"(\d+)(?::(\d+))?", s)
    if not m:
        fail(where, f"bits '{s}' is not 'msb:lsb' or 'n'")
    msb = int(m.group(1))
    lsb = int(m.group(2)) if m.group(2) is not None else msb
    if lsb > msb or msb >= width:
        fail(where, f"bits '{s}' do not fit {width} bits")
    return msb, lsb


class BitField:
    """A bit field of a register, a page-table entry or a record field."""

    def __init__(self, d, width, where, with_access):
        keys = {"name", "bits", "doc", "enum"}
        if with_access:
            keys |= {"access", "reset"}
        check_keys(d, keys, where)
        self.name = get(d, "name", where, str)
        where = f"{where} {self.name}"
        check_name(self.name, where)
        self.msb, self.lsb = parse_bits(get(d, "bits", where, str), width,
                                        where)
        self.width = self.msb - self.lsb + 1
        self.doc = get(d, "doc", where, str)
        self.enum = d.get("enum")
        self.access = None
        self.reset = None
        if with_access:
            self.access = get(d, "access", where, str)
            if self.access not in ACCESS:
                fail(where, f"access '{self.access}' is not one of {ACCESS}")
            r = d.get("reset")
            if r == "config":
                if self.access != "RO":
                    fail(where, "only RO fields can have a configured reset")
                self.reset = "config"
            elif isinstance(r, int) and not isinstance(r, bool):
                if r < 0 or r >= 1 << self.width:
                    fail(where, f"reset {r:#x} does not fit {self.width} bits")
                if self.access in ("W1C", "W1S") and r != 0:
                    fail(where, f"a {self.access} field resets to 0")
                self.reset = r
            else:
                fail(where, "reset must be a number or \"config\"")

    @property
    def mask(self):
        return ((1 << self.width) - 1) << self.lsb


def check_bitfields(fields, where):
    used = 0
    names = set()
    for f in fields:
        if f.name in names:
            fail(where, f"field {f.name} defined twice")
        names.add(f.name)
        if used & f.mask:
            fail(where, f"field {f.name} overlaps another field")
        used |= f.mask


def gaps(fields, width):
    """(msb, lsb) ranges no field covers, lowest first."""
    used = 0
    for f in fields:
        used |= f.mask
    out = []
    bit = 0
    while bit < width:
        if used >> bit & 1:
            bit += 1
            continue
        lsb = bit
        while bit < width and not used >> bit & 1:
            bit += 1
        out.append((bit - 1, lsb))
    return out


class Enum:
    def __init__(self, d, where):
        check_keys(d, {"name", "bits", "doc", "item"}, where)
        self.name = get(d, "name", where, str)
        where = f"{where} {self.name}"
        check_name(self.name, where)
        self.bits = get(d, "bits", where, int)
        self.doc = get(d, "doc", where, str)
        self.items = []
        values = set()
        names = set()
        self.errnos = {}
        for i in get(d, "item", where, list):
            check_keys(i, {"name", "value", "doc", "errno"}, where)
            name = get(i, "name", where, str)
            iwhere = f"{where}.{name}"
            check_name(name, iwhere)
            value = get(i, "value", iwhere, int)
            if value < 0 or value >= 1 << self.bits:
                fail(iwhere, f"value does not fit {self.bits} bits")
            if name in names or value in values:
                fail(iwhere, "name or value used twice")
            names.add(name)
            values.add(value)
            self.items.append((name, value, get(i, "doc", iwhere, str)))
            if "errno" in i:
                err = get(i, "errno", iwhere, str)
                if err not in ERRNOS:
                    fail(iwhere, f"errno must be one of {', '.join(ERRNOS)}")
                self.errnos[name] = err
        if self.errnos and len(self.errnos) + 1 < len(self.items):
            fail(where, "every item but the one for success needs an errno")


# ---------------------------------------------------------------- formats

ROLES = ("element", "scale", "output")
ENCODINGS = ("float", "pow2", "int", "ternary")
SPECIALS = ("ieee", "fn", "fnuz", "none")
PACKINGS = ("dense", "base3")


def ffail(where, msg):
    fail(where, msg, FORMATS)


class Format:
    """One number format of mxa_formats.toml, with what follows from it."""

    def __init__(self, d):
        where = "format"
        check_keys(d, {"name", "value", "role", "encoding", "bits",
                       "exp_bits", "man_bits", "bias", "signed", "specials",
                       "scaled_lsb", "packing", "doc"}, where)
        self.name = d.get("name", "?")
        where = f"format {self.name}"
        try:
            check_name(self.name, where)
            self.value = get(d, "value", where, int)
            self.role = get(d, "role", where, str)
            self.encoding = get(d, "encoding", where, str)
            self.bits = get(d, "bits", where, int)
            self.doc = get(d, "doc", where, str)
        except DescError as e:
            raise DescError(str(e).replace(DESCRIPTION, FORMATS)) from None
        if self.role not in ROLES:
            ffail(where, f"role must be one of {', '.join(ROLES)}")
        if self.encoding not in ENCODINGS:
            ffail(where, f"encoding must be one of {', '.join(ENCODINGS)}")
        if not 2 <= self.bits <= (32 if self.role == "output" else 8):
            ffail(where, "bits must be 2 to 8 (32 for an output format)")
        numeric = self.encoding in ("float", "pow2")
        allowed = {"exp_bits", "bias", "signed", "specials"} if numeric \
            else set()
        if self.encoding == "float":
            allowed.add("man_bits")
        if self.encoding == "int":
            allowed.add("scaled_lsb")
        for k in ("exp_bits", "man_bits", "bias", "signed", "specials",
                  "scaled_lsb"):
            if k in d and k not in allowed:
                ffail(where, f"'{k}' does not apply to encoding "
                      f"{self.encoding}")
        self.signed = d.get("signed", True)
        if not isinstance(self.signed, bool):
            ffail(where, "'signed' is true or false")
        self.exp_bits = d.get("exp_bits", 0)
        self.man_bits = d.get("man_bits", 0)
        self.bias = d.get("bias", 0)
        self.specials = d.get("specials", "none")
        self.scaled_lsb = d.get("scaled_lsb", 0)
        for k in ("exp_bits", "man_bits", "bias", "scaled_lsb"):
            if not isinstance(getattr(self, k), int) or \
                    isinstance(getattr(self, k), bool):
                ffail(where, f"'{k}' has the wrong type")
        if self.specials not in SPECIALS:
            ffail(where, f"specials must be one of {', '.join(SPECIALS)}")
        if numeric:
            if "exp_bits" not in d or "bias" not in d or \
                    (self.encoding == "float" and "man_bits" not in d) or \
                    "specials" not in d:
                ffail(where, "a float needs exp_bits, man_bits, bias and "
                      "specials (pow2: no man_bits)")
            if self.exp_bits < 1 or self.man_bits < 0:
                ffail(where, "exp_bits must be at least 1")
            if self.payload_bits > self.bits:
                ffail(where, "sign, exponent and mantissa exceed bits")
            if self.specials == "fnuz" and not self.signed:
                ffail(where, "fnuz keeps its NaN in the sign bit: it needs "
                      "a sign")
            if self.specials == "ieee" and self.encoding == "pow2":
                ffail(where, "a pow2 format has no infinity")
            if self.specials == "fn" and self.man_bits == 0 and \
                    self.encoding == "float":
                ffail(where, "fn without mantissa bits leaves no largest "
                      "binade; use ieee or none")
        if self.encoding == "int" and self.role != "element":
            ffail(where, "integer formats are element formats")
        if self.encoding == "ternary" and self.bits != 2:
            ffail(where, "ternary codes have 2 bits")
        if self.role == "output" and self.encoding != "float":
            ffail(where, "output formats are floats")
        self.packing = d.get("packing", "dense")
        if self.packing not in PACKINGS:
            ffail(where, f"packing must be one of {', '.join(PACKINGS)}")
        if self.packing == "base3" and self.encoding != "ternary":
            ffail(where, "base3 packing holds ternary digits only")

    def row_bytes(self, k):
        """Bytes of k packed codes: a dense bit string, or base-3 groups
        of five digits to a byte."""
        if self.packing == "base3":
            return (k + 4) // 5
        return (k * self.bits + 7) // 8

    @property
    def packing_text(self):
        return "5 per byte, base 3" if self.packing == "base3" else \
            f"{self.bits} bits"

    @property
    def lower(self):
        return self.name.lower()

    @property
    def payload_bits(self):
        """Bits of sign, exponent and mantissa (the rest must be 0)."""
        return int(self.signed) + self.exp_bits + self.man_bits

    @property
    def mag_bits(self):
        return self.exp_bits + self.man_bits

    @property
    def max_mag(self):
        """Magnitude code (sign cleared) of the largest finite value."""
        if self.encoding == "int":
            return (1 << (self.bits - 1)) - 1
        if self.encoding == "ternary":
            return 1
        ones = (1 << self.mag_bits) - 1
        if self.specials == "ieee":
            return ones - (1 << self.man_bits)
        if self.specials == "fn":
            return ones - 1
        return ones

    @property
    def nan_code(self):
        """The canonical NaN code, or None."""
        ones = (1 << self.mag_bits) - 1
        return {"ieee": ones, "fn": ones,
                "fnuz": 1 << self.mag_bits}.get(self.specials) \
            if self.encoding in ("float", "pow2") else None

    @property
    def inf_code(self):
        """Code of +infinity, or None."""
        if self.specials != "ieee":
            return None
        return ((1 << self.exp_bits) - 1) << self.man_bits

    @property
    def lsb(self):
        """Exponent of the smallest nonzero magnitude (a code unit)."""
        if self.encoding == "float":
            return 1 - self.bias - self.man_bits
        if self.encoding == "pow2":
            return -self.bias
        return 0

    @property
    def emax(self):
        """Exponent of the largest finite binade."""
        if self.encoding == "float":
            return max(1, self.max_mag >> self.man_bits) - self.bias
        if self.encoding == "pow2":
            return self.max_mag - self.bias
        return 0

    def value_of(self, mag):
        """Exact value of a finite magnitude code, as a Fraction."""
        from fractions import Fraction
        if self.encoding == "pow2":
            return Fraction(2) ** (mag - self.bias)
        if self.encoding != "float":
            return Fraction(mag)
        e = mag >> self.man_bits
        m = mag & ((1 << self.man_bits) - 1)
        sig = m if e == 0 else (1 << self.man_bits) | m
        return sig * Fraction(2) ** (max(e, 1) - 1 + self.lsb)


class Formats:
    """mxa_formats.toml: the formats and the enum FMT they make."""

    def __init__(self, d):
        check_keys(d, {"fmt_enum", "format"}, "top level")
        e = d.get("fmt_enum", {})
        check_keys(e, {"bits", "doc"} | {f"{r}_range" for r in ROLES},
                   "fmt_enum")
        self.enum_bits = e.get("bits", 8)
        self.enum_doc = e.get("doc", "")
        if not self.enum_doc:
            ffail("fmt_enum", "missing 'doc'")
        self.ranges = {}
        for role in ROLES:
            r = e.get(f"{role}_range")
            if not (isinstance(r, list) and len(r) == 2 and
                    all(isinstance(x, int) for x in r) and
                    0 <= r[0] <= r[1] < 1 << self.enum_bits):
                ffail("fmt_enum", f"{role}_range must be [first, last]")
            self.ranges[role] = tuple(r)
        if self.ranges["element"] != (0, 31):
            ffail("fmt_enum", "element formats are 0x00 … 0x1F (a 32-bit "
                  "capability bitmap)")
        self.all = [Format(f) for f in d.get("format", [])]
        seen = {}
        for f in self.all:
            for k in (f.name, f.value):
                if k in seen:
                    ffail(f"format {f.name}", f"name or value {k} already "
                          f"used by {seen[k]}")
                seen[k] = f.name
            lo, hi = self.ranges[f.role]
            if not lo <= f.value <= hi:
                ffail(f"format {f.name}", f"value {f.value:#x} is outside "
                      f"the {f.role} range {lo:#x} … {hi:#x}")
        for role in ROLES:
            if not self.of(role):
                ffail("format", f"no format of role {role}")
        elem = sorted(f.value for f in self.of("element"))
        if elem != list(range(len(elem))):
            ffail("format", "element formats must take the values 0 … N-1 "
                  "(software counts them from 0)")

    def of(self, role):
        return [f for f in self.all if f.role == role]

    def enum(self):
        """The enum FMT, as the other enumerations are described."""
        return Enum({"name": "FMT", "bits": self.enum_bits,
                     "doc": self.enum_doc,
                     "item": [{"name": f.name, "value": f.value,
                               "doc": f"{f.role.capitalize()} format: "
                               f"{f.doc}"} for f in self.all]}, "formats")


def expand_array(d, iface):
    """A register, or `count` registers NAME0, NAME1, ... 4 bytes apart
    (with `{i}` in the doc standing for the index, `{first}` and `{last}`
    for the first and last entry a field list of four bytes covers)."""
    count = d.get("count")
    if count is None:
        return [Register(d, iface, "reg")]
    if not isinstance(count, int) or count < 2:
        fail(f"reg {d.get('name')}", "count must be 2 or more")
    out = []
    for i in range(count):
        r = dict(d)
        del r["count"]
        r["name"] = f"{d['name']}{i}"
        r["offset"] = d["offset"] + 4 * i
        fmt = {"i": i, "first": 4 * i, "last": 4 * i + 3}
        r["doc"] = d["doc"].format(**fmt)
        r["field"] = [dict(f, doc=f["doc"].format(**fmt))
                      for f in d["field"]]
        out.append(Register(r, iface, "reg"))
    return out


class Register:
    def __init__(self, d, iface, where):
        check_keys(d, {"name", "offset", "width", "doc", "field"}, where)
        self.name = get(d, "name", where, str)
        where = f"{where} {self.name}"
        check_name(self.name, where)
        self.offset = get(d, "offset", where, int)
        self.width = get(d, "width", where, int, 32)
        if self.width not in (32, 64):
            fail(where, "width must be 32 or 64")
        if self.offset % (self.width // 8):
            fail(where, f"offset {self.offset:#x} is not aligned to its width")
        if self.offset + self.width // 8 > iface["reg_space"]:
            fail(where, "offset beyond the register space")
        self.doc = get(d, "doc", where, str)
        self.fields = [BitField(f, self.width, where, True)
                       for f in get(d, "field", where, list)]
        check_bitfields(self.fields, where)

    @property
    def reset(self):
        """Reset value of the whole register, or None if configured."""
        v = 0
        for f in self.fields:
            if f.reset == "config":
                return None
            v |= f.reset << f.lsb
        return v

    def halves(self):
        """(name, offset) of each 32-bit register this one occupies."""
        if self.width == 32:
            return [(self.name, self.offset)]
        return [(self.name + "_LO", self.offset),
                (self.name + "_HI", self.offset + 4)]

    def access_text(self):
        seen = []
        for f in self.fields:
            if f.access not in seen:
                seen.append(f.access)
        return "/".join(seen)


class RecordField:
    def __init__(self, d, where):
        check_keys(d, {"name", "offset", "bytes", "doc", "enum", "sub"},
                   where)
        self.name = get(d, "name", where, str)
        where = f"{where} {self.name}"
        check_name(self.name, where)
        self.offset = get(d, "offset", where, int)
        self.size = get(d, "bytes", where, int)
        if self.size not in (1, 2, 4, 8):
            fail(where, "bytes must be 1, 2, 4 or 8")
        if self.offset % self.size:
            fail(where, "field is not naturally aligned")
        self.doc = get(d, "doc", where, str)
        self.enum = d.get("enum")
        self.subs = [BitField(s, self.size * 8, where, False)
                     for s in d.get("sub", [])]
        check_bitfields(self.subs, where)
        self.reserved = self.name.startswith("RSVD")
        if self.reserved and (self.subs or self.enum):
            fail(where, "a reserved field has no sub-fields or enum")

    @property
    def member(self):
        return self.name.lower()


class Record:
    def __init__(self, d, where):
        check_keys(d, {"name", "size", "doc", "field", "field_enum_bits"},
                   where)
        self.name = get(d, "name", where, str)
        where = f"{where} {self.name}"
        check_name(self.name, where)
        self.size = get(d, "size", where, int)
        if self.size % 8:
            fail(where, "size must be a multiple of 8")
        self.doc = get(d, "doc", where, str)
        self.field_enum_bits = d.get("field_enum_bits")
        self.fields = [RecordField(f, where)
                       for f in get(d, "field", where, list)]
        pos = 0
        names = set()
        for f in self.fields:
            if f.name in names:
                fail(where, f"field {f.name} defined twice")
            names.add(f.name)
            if f.offset != pos:
                fail(where, f"field {f.name} at {f.offset:#x}: fields must "
                     f"cover every byte in order (expected {pos:#x})")
            pos += f.size
        if pos != self.size:
            fail(where, f"fields end at {pos:#x}, the record is "
                 f"{self.size:#x} bytes")
        if self.field_enum_bits is not None and \
                self.size > 1 << self.field_enum_bits:
            fail(where, "field offsets do not fit field_enum_bits")

    @property
    def struct(self):
        return "mxa_hw_" + self.name.lower()


class Interface:
    def __init__(self, d, formats):
        check_keys(d, {"interface", "constant", "enum", "reg", "record",
                       "pte"}, "top level")
        self.iface = get(d, "interface", "interface", dict)
        check_keys(self.iface, {"id", "version_major", "version_minor",
                                "reg_space"}, "interface")
        for k in ("id", "version_major", "version_minor", "reg_space"):
            get(self.iface, k, "interface", int)
        if self.iface["version_major"] < 1:
            fail("interface", "major versions start at 1")
        self.constants = []
        for c in get(d, "constant", "constant", list):
            check_keys(c, {"name", "value", "doc"}, "constant")
            name = get(c, "name", "constant", str)
            check_name(name, f"constant {name}")
            self.constants.append((name, get(c, "value", name, int),
                                   get(c, "doc", name, str)))
        self.formats = formats
        self.enums = [formats.enum()] + \
            [Enum(e, "enum") for e in get(d, "enum", "enum", list)]
        self.regs = [reg for r in get(d, "reg", "reg", list)
                     for reg in expand_array(r, self.iface)]
        self.records = [Record(r, "record")
                        for r in get(d, "record", "record", list)]
        p = get(d, "pte", "pte", dict)
        check_keys(p, {"bits", "doc", "field"}, "pte")
        self.pte_bits = get(p, "bits", "pte", int)
        self.pte_doc = get(p, "doc", "pte", str)
        self.pte = [BitField(f, self.pte_bits, "pte", False)
                    for f in get(p, "field", "pte", list)]
        check_bitfields(self.pte, "pte")
        self.check()

    def cap_regs(self):
        """ID, VERSION and the CAP_* registers, in offset order."""
        return sorted((r for r in self.regs if r.name in ("ID", "VERSION")
                       or r.name.startswith("CAP_")), key=lambda r: r.offset)

    def enum(self, name):
        for e in self.enums:
            if e.name == name:
                return e
        return None

    def constant(self, name):
        for n, v, _ in self.constants:
            if n == name:
                return v
        return None

    def check(self):
        seen = {}
        for r in self.regs:
            for half, off in r.halves():
                if off in seen:
                    fail(f"reg {r.name}", f"offset {off:#x} already used "
                         f"by {seen[off]}")
                seen[off] = half
        names = [r.name for r in self.regs]
        if len(set(names)) != len(names):
            fail("reg", "a register name is used twice")
        if len({e.name for e in self.enums}) != len(self.enums):
            fail("enum", "an enum name is used twice")
        fields = [f for r in self.regs for f in r.fields] + self.pte + \
            [s for rec in self.records for f in rec.fields for s in f.subs]
        for rec in self.records:
            for f in rec.fields:
                if f.enum:
                    e = self.enum(f.enum)
                    if not e or e.bits != f.size * 8:
                        fail(f"record {rec.name}.{f.name}", f"enum "
                             f"{f.enum} is unknown or not {f.size * 8} bits")
        for f in fields:
            if f.enum and (not self.enum(f.enum) or
                           self.enum(f.enum).bits > f.width):
                fail(f"field {f.name}", f"enum {f.enum} is unknown or "
                     "wider than the field")
        # The ID and VERSION registers restate [interface]; they must agree.
        by_name = {r.name: r for r in self.regs}
        for reg, value in (("ID", self.iface["id"]),
                           ("VERSION", self.iface["version_major"] << 16 |
                            self.iface["version_minor"])):
            if reg not in by_name or by_name[reg].reset != value:
                fail(f"reg {reg}", "reset value differs from [interface]")


# ---------------------------------------------------------------- C header

def c_hex(value, bits):
    digits = (bits + 3) // 4
    suffix = "ULL" if bits > 32 else "U"
    return f"0x{value:0{digits}x}{suffix}"


class CWriter:
    def __init__(self):
        self.lines = []
        self.names = set()

    def out(self, line=""):
        self.lines.append(line)

    def comment(self, body, indent=""):
        """A block comment, wrapped to fit 80 columns."""
        paras = body if isinstance(body, list) else [body]
        wrapped = []
        for p in paras:
            if wrapped:
                wrapped.append("")
            wrapped += textwrap.wrap(ascii_text(p), 76 - len(indent)) or [""]
        if len(wrapped) == 1 and len(wrapped[0]) <= 72 - len(indent):
            self.out(f"{indent}/* {wrapped[0]} */")
            return
        self.out(f"{indent}/*")
        for w in wrapped:
            self.out(f"{indent} * {w}".rstrip())
        self.out(f"{indent} */")

    def define(self, name, value):
        if name in self.names:
            raise DescError(f"{DESCRIPTION}: C name {name} generated twice")
        self.names.add(name)
        head = f"#define {name}"
        col = len(head.expandtabs())
        tabs = max(1, (48 - col + 7) // 8)
        line = head + "\t" * tabs + str(value)
        if len(line.expandtabs()) <= 80:
            self.out(line)
            return
        self.out(head + " \\")
        self.out("\t" + str(value))

    def define_list(self, name, items):
        """An X-macro: name(X) expands X(item) for every item."""
        self.names.add(name)
        self.out(f"#define {name}(X)" + " \\")
        for i, item in enumerate(items):
            end = " \\" if i + 1 < len(items) else ""
            self.out(f"\tX({item}){end}")


def gen_c(hw):
    w = CWriter()
    w.out("/* SPDX-License-Identifier: MIT */")
    w.out("/*")
    w.out(" * mxa_hw.h - the mxa hardware interface: register map, command")
    w.out(" * descriptor, completion record, page-table entry, enumerations"
          " and")
    w.out(" * capability bits, explained in docs/hw-interface.md.")
    w.out(" *")
    w.out(f" * Generated from {DESCRIPTION} by {GENERATOR}:")
    w.out(" * do not edit; change the description and run `make`.")
    w.out(" *")
    w.out(" * Usable from the Linux kernel (with __KERNEL__ defined) and from"
          " C11")
    w.out(" * userspace. Registers are 32-bit; a 64-bit register NAME has"
          " halves")
    w.out(" * MXA_REG_NAME_LO and MXA_REG_NAME_HI and its field masks apply"
          " to the")
    w.out(" * 64-bit value. Memory records are little-endian: the kernel's"
          " __le")
    w.out(" * types say so; userspace uses the structs on little-endian hosts"
          " only.")
    w.out(" */")
    w.out("#ifndef MXA_HW_H")
    w.out("#define MXA_HW_H")
    w.out()
    w.out("#ifdef __KERNEL__")
    w.out("#include <linux/errno.h>")
    w.out("#include <linux/types.h>")
    for t, k in (("U8", "__u8"), ("LE16", "__le16"), ("LE32", "__le32"),
                 ("LE64", "__le64")):
        w.define(f"MXA_HW_{t}", k)
    w.out("#else")
    w.out("#include <errno.h>")
    w.out("#include <stdint.h>")
    for t, k in (("U8", "uint8_t"), ("LE16", "uint16_t"),
                 ("LE32", "uint32_t"), ("LE64", "uint64_t")):
        w.names.discard(f"MXA_HW_{t}")
        w.define(f"MXA_HW_{t}", k)
    w.out("#endif")
    w.out()
    w.comment("Field access: MXA_HW_GET(MXA_REG_CTRL_ENABLE, v) extracts a "
              "field from a register or entry value, MXA_HW_SET(MXA_REG_CTRL"
              "_ENABLE, 1) places a value in it. f is a name with _SHIFT and "
              "_MASK macros.")
    w.define("MXA_HW_GET(f, v)", "(((v) & f##_MASK) >> f##_SHIFT)")
    w.define("MXA_HW_SET(f, x)",
             "(((unsigned long long)(x) << f##_SHIFT) & f##_MASK)")
    w.out()

    w.comment("Identification")
    w.define("MXA_HW_ID", f"0x{hw.iface['id']:08x}U")
    w.define("MXA_HW_VERSION_MAJOR", hw.iface["version_major"])
    w.define("MXA_HW_VERSION_MINOR", hw.iface["version_minor"])
    w.define("MXA_HW_REG_SPACE_SIZE", f"0x{hw.iface['reg_space']:x}")
    w.out()
    w.comment("Constants")
    for name, value, doc in hw.constants:
        w.comment(doc)
        w.define(f"MXA_HW_{name}", value)
    w.comment("Index into the level-l table of a device-virtual address.")
    w.define("MXA_HW_PT_INDEX(va, l)",
             "(((va) >> (MXA_HW_PAGE_SHIFT + MXA_HW_PT_INDEX_BITS * (l))) & "
             f"0x{(1 << hw.constant('PT_INDEX_BITS')) - 1:x})")
    w.out()

    for e in hw.enums:
        w.comment([f"enum {e.name}: {text(e.doc)}"])
        for name, value, doc in e.items:
            w.define(f"MXA_HW_{e.name}_{name}", value)
        w.define_list(f"MXA_HW_{e.name}_LIST", [n for n, _, _ in e.items])
        w.out()
        if e.errnos:
            fn = f"mxa_hw_{e.name.lower()}_errno"
            w.comment(f"The errno (positive) of a job that ends with {e.name} "
                      "s: 0 for success, EIO for a value this header does "
                      "not know.")
            w.out(f"static inline int {fn}(unsigned int s)")
            w.out("{")
            w.out("\tswitch (s) {")
            for name, _, _ in e.items:
                if name in e.errnos:
                    w.out(f"\tcase MXA_HW_{e.name}_{name}:")
                    w.out(f"\t\treturn {e.errnos[name]};")
            w.out("\tdefault:")
            w.out("\t\treturn s ? EIO : 0;")
            w.out("\t}")
            w.out("}")
            w.out()

    gen_c_formats(w, hw.formats)

    w.comment(["Registers: byte offsets in the register space, fields as "
               "_SHIFT/_MASK, the reset value as _RESET where the build "
               "configuration does not set it (of the register, or of a "
               "field when the configuration sets another one)."])
    w.out()
    for r in hw.regs:
        if r.width == 64:
            where = ", ".join(f"{n[len(r.name) + 1:]} 0x{o:03x}"
                              for n, o in r.halves()) + ", 64-bit"
        else:
            where = f"0x{r.offset:03x}"
        head = f"{r.name} ({where}, {r.access_text()}): {summary(r.doc)}"
        w.comment(head)
        for n, o in r.halves():
            w.define(f"MXA_REG_{n}", f"0x{o:03x}")
        if r.reset is not None:
            w.define(f"MXA_REG_{r.name}_RESET", c_hex(r.reset, r.width))
        for f in r.fields:
            w.define(f"MXA_REG_{r.name}_{f.name}_SHIFT", f.lsb)
            w.define(f"MXA_REG_{r.name}_{f.name}_MASK", c_hex(f.mask, r.width))
            if r.reset is None and f.reset != "config":
                w.define(f"MXA_REG_{r.name}_{f.name}_RESET", f.reset)
        w.out()
    caps = hw.cap_regs()
    w.comment(["The identification and capability registers (ID, VERSION, "
               "CAP_*), read once when a device is probed: MXA_CAPIDX_<REG> "
               "numbers them from 0, the order of MXA_REG_CAP_LIST(X), so "
               "that software keeps them in an array (the uAPI's caps[] "
               "included) indexed by register name."])
    for i, r in enumerate(caps):
        w.define(f"MXA_CAPIDX_{r.name}", i)
    w.define("MXA_CAPIDX_COUNT", len(caps))
    w.define_list("MXA_REG_CAP_LIST", [r.name for r in caps])
    w.out()
    w.define_list("MXA_REG_LIST", [n for r in hw.regs for n, _ in r.halves()])
    w.define_list("MXA_REG_FIELD_LIST",
                  [f"{r.name}, {f.name}" for r in hw.regs for f in r.fields])
    w.out()

    for rec in hw.records:
        p = f"MXA_{rec.name}"
        w.comment([f"{rec.name}: {text(rec.doc)}",
                   f"{p}_<FIELD> is the byte offset of a field, "
                   f"{p}_<FIELD>_SIZE its size in bytes."])
        w.define(f"{p}_SIZE", rec.size)
        for f in rec.fields:
            w.define(f"{p}_{f.name}", f"0x{f.offset:02x}")
            w.define(f"{p}_{f.name}_SIZE", f.size)
            for s in f.subs:
                w.define(f"{p}_{f.name}_{s.name}_SHIFT", s.lsb)
                w.define(f"{p}_{f.name}_{s.name}_MASK",
                         c_hex(s.mask, f.size * 8))
        w.define_list(f"{p}_FIELD_LIST",
                      [f"{f.name}, {f.member}" for f in rec.fields])
        w.out()
        w.out(f"struct {rec.struct} {{")
        for f in rec.fields:
            t = {1: "MXA_HW_U8", 2: "MXA_HW_LE16", 4: "MXA_HW_LE32",
                 8: "MXA_HW_LE64"}[f.size]
            note = f"0x{f.offset:02x}" + (f", enum {f.enum}" if f.enum
                                          else "")
            decl = f"\t{t} {f.member};"
            tabs = max(1, (40 - len(decl.expandtabs()) + 7) // 8)
            w.out(decl + "\t" * tabs + f"/* {note} */")
        w.out("};")
        w.out()

    w.comment([hw.pte_doc])
    w.define("MXA_PTE_SIZE", hw.pte_bits // 8)
    for f in hw.pte:
        w.define(f"MXA_PTE_{f.name}_SHIFT", f.lsb)
        w.define(f"MXA_PTE_{f.name}_MASK", c_hex(f.mask, hw.pte_bits))
    w.define_list("MXA_PTE_FIELD_LIST", [f.name for f in hw.pte])
    w.out()
    w.out("#endif /* MXA_HW_H */")
    return "\n".join(w.lines) + "\n"


def format_constants(fm):
    """(name, value, how to write it) of the format constants of C and SV:
    the codes of roles, encodings and specials, the role ranges, the number
    of values, the element mask (0: decimal, 8: two hex digits, 32: a
    32-bit hex mask)."""
    out = []
    for group, items in (("ROLE", ROLES), ("ENC", ENCODINGS),
                         ("SPECIALS", SPECIALS), ("PACK", PACKINGS)):
        out += [(f"{group}_{item.upper()}", i, 0)
                for i, item in enumerate(items)]
    for role in ROLES:
        lo, hi = fm.ranges[role]
        out += [(f"{role.upper()}_FIRST", lo, 8),
                (f"{role.upper()}_LAST", hi, 8)]
    out.append(("VALUES", max(f.value for f in fm.all) + 1, 0))
    out.append(("ELEMENT_MASK",
                sum(1 << f.value for f in fm.of("element")), 32))
    return out


def gen_c_formats(w, fm):
    w.comment(["The number formats, described in " + FORMATS + ".",
               "MXA_HW_FORMAT_LIST(X) expands X(NAME, name, ROLE, ENCODING, "
               "bits, exp_bits, man_bits, bias, signed, SPECIALS, max_mag, "
               "lsb, scaled_lsb, PACK) once per format, in order of value. "
               "ROLE, ENCODING, SPECIALS and PACK are the suffixes of the "
               "MXA_HW_FMT_ROLE_, _ENC_, _SPECIALS_ and _PACK_ constants "
               "below; "
               "max_mag is the magnitude code (sign cleared) of the largest "
               "finite value, lsb the exponent of the smallest nonzero "
               "magnitude, scaled_lsb that of an integer code under a block "
               "scale."])
    for name, value, hexa in format_constants(fm):
        w.define(f"MXA_HW_FMT_{name}",
                 c_hex(value, 32) if hexa == 32 else
                 f"0x{value:02x}" if hexa else value)
    rows = []
    for f in fm.all:
        rows.append(f'{f.name}, "{f.lower}", {f.role.upper()}, '
                    f'{f.encoding.upper()}, {f.bits}, {f.exp_bits}, '
                    f'{f.man_bits}, {f.bias}, {int(f.signed)}, '
                    f'{f.specials.upper()}, 0x{f.max_mag:x}, {f.lsb}, '
                    f'{f.scaled_lsb}, {f.packing.upper()}')
    w.define_list("MXA_HW_FORMAT_LIST", rows)
    w.out()
    for fn, doc, value in (
            ("role", "MXA_HW_FMT_ROLE_* of a format, or -1 when fmt names "
             "none", lambda f: f"MXA_HW_FMT_ROLE_{f.role.upper()}"),
            ("encoding", "MXA_HW_FMT_ENC_* of a format, or -1 when fmt "
             "names none", lambda f: f"MXA_HW_FMT_ENC_{f.encoding.upper()}"),
            ("bits", "Bits of one value of a format (32 for FP32), or 0 "
             "when fmt names none", lambda f: str(f.bits)),
            ("packing", "MXA_HW_FMT_PACK_* of a format (DENSE for a value "
             "that names none)", lambda f: f"MXA_HW_FMT_PACK_{f.packing.upper()}")):
        w.comment(doc + ".")
        w.out(f"static inline int mxa_hw_fmt_{fn}(unsigned int fmt)")
        w.out("{")
        w.out("	switch (fmt) {")
        for f in fm.all:
            w.out(f"	case MXA_HW_FMT_{f.name}:")
            w.out(f"		return {value(f)};")
        w.out("	default:")
        w.out("		return " + {"role": "-1", "encoding": "-1", "bits": "0",
                                 "packing": "MXA_HW_FMT_PACK_DENSE"}[fn] + ";")
        w.out("	}")
        w.out("}")
        w.out()
    w.comment(["Bytes of a packed row of k elements of format fmt "
               "(docs/numerics.md section 6): a dense bit string of "
               "mxa_hw_fmt_bits() per element, or five base-3 digits to "
               "a byte."])
    w.out("static inline unsigned long long mxa_hw_fmt_row_bytes(unsigned int fmt,")
    w.out("						       unsigned int k)")
    w.out("{")
    w.out("	if (mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3)")
    w.out("		return k / 5 + (k % 5 != 0);")
    w.out("	return ((unsigned long long)k * mxa_hw_fmt_bits(fmt) + 7) >> 3;")
    w.out("}")
    w.out()


# ---------------------------------------------------------------- SV package

def sv_hex(value, bits):
    digits = (bits + 3) // 4
    return f"{bits}'h{value:0{digits}x}"


class SVWriter:
    def __init__(self):
        self.lines = []
        self.names = set()

    def out(self, line=""):
        self.lines.append(line)

    def member(self, n):
        """A struct member: its own scope, but not a keyword."""
        if n in SV_KEYWORDS:
            raise DescError(f"{DESCRIPTION}: {n} is a SystemVerilog keyword")
        return n

    def name(self, n):
        if n in self.names or n.lower() in SV_KEYWORDS:
            raise DescError(f"{DESCRIPTION}: SystemVerilog name {n} is "
                            "generated twice or is a keyword")
        self.names.add(n)
        return n

    def comment(self, body):
        for w in textwrap.wrap(ascii_text(body), 74):
            self.out(f"  // {w}")

    def param(self, name, value, kind="int unsigned"):
        self.out(f"  localparam {kind} {self.name(name)} = {value};")


def gen_sv(hw):
    w = SVWriter()
    w.out("// SPDX-License-Identifier: MIT")
    w.out("// mxa_hw_pkg.sv - the mxa hardware interface for the RTL: "
          "register offsets")
    w.out("// and fields, descriptor and completion record layouts, "
          "page-table entry")
    w.out("// and enumerations, explained in docs/hw-interface.md.")
    w.out("//")
    w.out(f"// Generated from {DESCRIPTION} by {GENERATOR}:")
    w.out("// do not edit; change the description and run `make`.")
    w.out("//")
    w.out("// Register fields: REG_<reg>_<field>_LSB/_WIDTH; a 64-bit "
          "register has")
    w.out("// halves REG_<reg>_LO/_HI and its fields are numbered on the "
          "64-bit value.")
    w.out("// Records: byte i of a record is bits 8i+7:8i of a little-endian"
          " vector,")
    w.out("// which is also the layout of the packed structs desc_t and "
          "cmpl_t;")
    w.out("// <REC>_<field>_LSB/_WIDTH locate a field in that vector and")
    w.out("// <REC>_<field>_<sub>_LSB/_WIDTH a sub-field within its field.")
    w.out("package mxa_hw_pkg;")
    w.out()
    w.out("  // Each design uses a part of the interface; the rest is not an "
          "error.")
    w.out("  /* verilator lint_off UNUSEDPARAM */")
    w.out()
    reg_bits = (hw.iface["reg_space"] - 1).bit_length()
    w.param("HW_ID", sv_hex(hw.iface["id"], 32), "logic [31:0]")
    w.param("VERSION_MAJOR", hw.iface["version_major"])
    w.param("VERSION_MINOR", hw.iface["version_minor"])
    w.param("REG_ADDR_BITS", reg_bits)
    w.out()
    for name, value, doc in hw.constants:
        w.comment(doc)
        w.param(name, value)
    w.out()

    def enum(ename, bits, doc, items, radix="d"):
        w.comment(doc)
        w.out(f"  typedef enum logic [{bits - 1}:0] {{")
        for i, (name, value) in enumerate(items):
            sep = "," if i + 1 < len(items) else ""
            v = f"{bits}'{radix}{value:0{(bits + 3) // 4}x}" if radix == "h" \
                else f"{bits}'d{value}"
            w.out(f"    {w.name(f'{ename}_{name}')} = {v}{sep}")
        w.out(f"  }} {w.name(ename.lower() + '_e')};")
        w.out()

    for e in hw.enums:
        enum(e.name, e.bits, f"enum {e.name}: {summary(e.doc)}",
             [(n, v) for n, v, _ in e.items])

    gen_sv_formats(w, hw.formats)

    for r in hw.regs:
        w.comment(f"{r.name} ({r.access_text()}): {summary(r.doc)}")
        for n, o in r.halves():
            w.param(f"REG_{n}", sv_hex(o, reg_bits),
                    f"logic [REG_ADDR_BITS-1:0]")
        if r.reset is not None:
            w.param(f"REG_{r.name}_RESET", sv_hex(r.reset, r.width),
                    f"logic [{r.width - 1}:0]")
        for f in r.fields:
            w.param(f"REG_{r.name}_{f.name}_LSB", f.lsb)
            w.param(f"REG_{r.name}_{f.name}_WIDTH", f.width)
            if r.reset is None and f.reset != "config":
                w.param(f"REG_{r.name}_{f.name}_RESET", f.reset)
        w.out()

    for rec in hw.records:
        p = rec.name
        w.comment(f"{rec.name}: {summary(rec.doc)}")
        w.param(f"{p}_BYTES", rec.size)
        for f in rec.fields:
            w.param(f"{p}_{f.name}_LSB", f.offset * 8)
            w.param(f"{p}_{f.name}_WIDTH", f.size * 8)
            for s in f.subs:
                w.param(f"{p}_{f.name}_{s.name}_LSB", s.lsb)
                w.param(f"{p}_{f.name}_{s.name}_WIDTH", s.width)
        w.out("  typedef struct packed {")
        for f in reversed(rec.fields):
            w.out(f"    logic [{f.size * 8 - 1}:0] {w.member(f.member)};")
        w.out(f"  }} {w.name(rec.name.lower() + '_t')};")
        w.out()
        if rec.field_enum_bits:
            enum(f"{p}_FIELD", rec.field_enum_bits,
                 f"Byte offsets of the {p} fields (the DETAIL of BAD_DESC).",
                 [(f.name, f.offset) for f in rec.fields], "h")

    w.comment("Page-table entry.")
    w.param("PTE_BYTES", hw.pte_bits // 8)
    for f in hw.pte:
        w.param(f"PTE_{f.name}_LSB", f.lsb)
        w.param(f"PTE_{f.name}_WIDTH", f.width)
    members = sorted(hw.pte + [_Gap(m, l) for m, l in gaps(hw.pte,
                                                           hw.pte_bits)],
                     key=lambda f: -f.lsb)
    w.out("  typedef struct packed {")
    for f in members:
        width = f"[{f.width - 1}:0] " if f.width > 1 else ""
        w.out(f"    logic {width}{w.member(f.name.lower())};")
    w.out(f"  }} {w.name('pte_t')};")
    w.out()
    w.out("  /* verilator lint_on UNUSEDPARAM */")
    w.out()
    w.out("endpackage")
    return "\n".join(w.lines) + "\n"


def gen_sv_formats(w, fm):
    w.comment(f"The number formats ({FORMATS}), as functions of an enum FMT "
              "value that the RTL sizes and decodes from. Each returns 0 "
              "for a value that is not a format.")
    for name, value, hexa in format_constants(fm):
        if hexa == 32:
            w.param(f"FMT_{name}", sv_hex(value, 32), "logic [31:0]")
        else:
            w.param(f"FMT_{name}", value)
    w.out()
    columns = (
        ("fmt_role", "int unsigned", lambda f: f"FMT_ROLE_{f.role.upper()}",
         "FMT_ROLE_ELEMENT, _SCALE or _OUTPUT"),
        ("fmt_encoding", "int unsigned",
         lambda f: f"FMT_ENC_{f.encoding.upper()}",
         "FMT_ENC_FLOAT, _POW2, _INT or _TERNARY"),
        ("fmt_bits", "int unsigned", lambda f: f.bits, "bits of a code"),
        ("fmt_exp_bits", "int unsigned", lambda f: f.exp_bits,
         "exponent bits"),
        ("fmt_man_bits", "int unsigned", lambda f: f.man_bits,
         "mantissa bits"),
        ("fmt_bias", "int unsigned", lambda f: f.bias, "exponent bias"),
        ("fmt_signed", "int unsigned", lambda f: int(f.signed),
         "1 when the code has a sign bit"),
        ("fmt_specials", "int unsigned",
         lambda f: f"FMT_SPECIALS_{f.specials.upper()}",
         "FMT_SPECIALS_IEEE, _FN, _FNUZ or _NONE"),
        ("fmt_max_mag", "int unsigned", lambda f: f.max_mag,
         "magnitude code of the largest finite value"),
        ("fmt_lsb", "int", lambda f: f.lsb,
         "exponent of the smallest nonzero magnitude"),
        ("fmt_scaled_lsb", "int", lambda f: f.scaled_lsb,
         "exponent of an integer code's unit under a block scale"),
        ("fmt_packing", "int unsigned",
         lambda f: f"FMT_PACK_{f.packing.upper()}",
         "FMT_PACK_DENSE (a bit string of fmt_bits per code) or "
         "FMT_PACK_BASE3 (five ternary digits to a byte)"),
    )
    for fn, kind, value, doc in columns:
        w.comment(f"{fn}(): {doc}.")
        w.out(f"  function automatic {kind} {w.name(fn)}"
              "(input int unsigned fmt);")
        w.out("    unique case (fmt)")
        for f in fm.all:
            w.out(f"      {f.value}: {fn} = {value(f)};")
        w.out(f"      default: {fn} = 0;")
        w.out("    endcase")
        w.out("  endfunction")
        w.out()


class _Gap:
    """A reserved range of bits, for struct members and tables."""

    def __init__(self, msb, lsb):
        self.msb, self.lsb = msb, lsb
        self.width = msb - lsb + 1
        self.name = f"RSVD_{msb}_{lsb}" if msb != lsb else f"RSVD_{lsb}"


# ---------------------------------------------------------------- document

def md(s):
    return text(s).replace("|", "\\|")


def num(v):
    return str(v) if v < 10 else f"0x{v:X}"


def bit_rows(fields, width, reserved_text, with_access):
    rows = [(f.lsb, f) for f in fields] + \
        [(lsb, _Gap(msb, lsb)) for msb, lsb in gaps(fields, width)]
    out = []
    for _, f in sorted(rows, key=lambda r: -r[0]):
        bits = f"{f.msb}:{f.lsb}" if f.msb != f.lsb else str(f.lsb)
        if isinstance(f, _Gap):
            cells = [bits, "—"] + (["RO", "0"] if with_access else []) + \
                [reserved_text]
        else:
            cells = [bits, f.name]
            if with_access:
                cells += [f.access, f.reset if f.reset == "config"
                          else num(f.reset)]
            cells.append(md(f.doc))
        out.append("| " + " | ".join(cells) + " |")
    return out


def doc_register_map(hw):
    out = ["| Offset | Register | Access | Reset | Summary |",
           "|---|---|---|---|---|"]
    for r in hw.regs:
        off = f"0x{r.offset:03X}"
        name = r.name + (" (64-bit)" if r.width == 64 else "")
        reset = "config" if r.reset is None else \
            f"0x{r.reset:0{r.width // 4}X}"
        out.append(f"| {off} | {name} | {r.access_text()} | {reset} | "
                   f"{md(summary(r.doc))} |")
    return out


def doc_registers(hw):
    out = []
    for r in hw.regs:
        if r.width == 64:
            title = (f"### {r.name} — 0x{r.offset:03X} (64-bit: "
                     f"{r.name}_LO at 0x{r.offset:03X}, {r.name}_HI at "
                     f"0x{r.offset + 4:03X})")
        else:
            title = f"### {r.name} — 0x{r.offset:03X}"
        out += [title, "", md(r.doc), "",
                "| Bits | Field | Access | Reset | Meaning |",
                "|---|---|---|---|---|"]
        out += bit_rows(r.fields, r.width,
                        "Reserved: reads 0; software writes 0.", True)
        out.append("")
    return out[:-1]


def doc_record(hw, rec):
    out = ["| Bytes | Field | Type | Meaning |", "|---|---|---|---|"]
    for f in rec.fields:
        end = f.offset + f.size - 1
        where = f"0x{f.offset:02X}" if f.size == 1 else \
            f"0x{f.offset:02X}–0x{end:02X}"
        kind = f"u{f.size * 8}" + (f", enum {f.enum}" if f.enum else "")
        out.append(f"| {where} | {f.name} | {kind} | {md(f.doc)} |")
    for f in rec.fields:
        if f.subs:
            out += ["", f"Bits of {f.name}:", "",
                    "| Bits | Name | Meaning |", "|---|---|---|"]
            out += bit_rows(f.subs, f.size * 8, "Reserved: 0.", False)
    return out


def doc_pte(hw):
    out = ["| Bits | Field | Meaning |", "|---|---|---|"]
    return out + bit_rows(hw.pte, hw.pte_bits, "Reserved: 0.", False)


def pow2_text(e):
    return str(2 ** e) if 0 <= e <= 10 else \
        ("0.5" if e == -1 else f"2^{e}")


def value_text(v):
    """An exact value: 57344 = 1.75×2^15, 7.5 = 1.875×2^2, 6 = 1.5×2^2."""
    from fractions import Fraction
    e = 0
    while v >= 2:
        v, e = v / 2, e + 1
    while v < 1:
        v, e = v * 2, e - 1
    whole = v * Fraction(2) ** e
    if v == 1:
        return pow2_text(e)
    sig = f"{float(v):g}"
    if whole.denominator == 1 or whole.denominator in (2, 4, 8):
        return f"{float(whole):g} = {sig}×2^{e}"
    return f"{sig}×2^{e}"


def bit_pattern(f, sign, exp, man):
    """S.eee.mmm; a code without a sign bit shows its unused top bit as 0."""
    head = "" if not f.signed and f.payload_bits == f.bits else f"{sign}."
    return f"{head}{exp}.{man}" if f.man_bits else f"{head}{exp}"


def specials_text(f):
    """The infinity and NaN columns of a float format."""
    s = "S" if f.signed else "0"
    e1, m0, m1 = "1" * f.exp_bits, "0" * f.man_bits, "1" * f.man_bits
    ones = (1 << f.mag_bits) - 1
    if f.specials == "ieee":
        return (bit_pattern(f, s, e1, m0),
                bit_pattern(f, s, e1, "m") + ", m ≠ 0")
    if f.specials == "fn":
        codes = f"0x{ones:02X}" + (f", 0x{ones | 1 << f.mag_bits:02X}"
                                   if f.signed else "")
        return "none", bit_pattern(f, s, e1, m1) + f" ({codes})"
    if f.specials == "fnuz":
        return "none", bit_pattern(f, "1", "0" * f.exp_bits, m0) + \
            f" (0x{1 << f.mag_bits:02X} only; no −0)"
    return "none", "none"


def doc_element_formats(hw):
    out = ["| format | packed | exp/man | bias | max normal | min normal | "
           "min subnormal | infinity | NaN |",
           "|---|---|---|---|---|---|---|---|---|"]
    for f in hw.formats.of("element"):
        name = f"`{f.lower}`"
        bits = f.packing_text
        if f.encoding == "float":
            inf, nan = specials_text(f)
            out.append(f"| {name} | {bits} | {f.exp_bits}/{f.man_bits} | "
                       f"{f.bias} | {value_text(f.value_of(f.max_mag))} | "
                       f"{pow2_text(1 - f.bias)} | {pow2_text(f.lsb)} | "
                       f"{inf} | {nan} |")
        elif f.encoding == "int":
            lo = -(1 << (f.bits - 1))
            out.append(f"| {name} | {bits} | — | — | {f.max_mag} "
                       f"(scaled: {f.max_mag}/{2 ** -f.scaled_lsb}) | — | "
                       f"1 (scaled: 2^{f.scaled_lsb}) | none | none |"
                       if f.scaled_lsb < 0 else
                       f"| {name} | {bits} | — | — | {f.max_mag} | — | 1 | "
                       "none | none |")
            del lo
        else:
            out.append(f"| {name} | {bits} | — | — | 1 | — | 1 | none | "
                       "none |")
    return out


def doc_scale_formats(hw):
    out = ["| format | bits | exp/man | bias | values | NaN | invalid codes |",
           "|---|---|---|---|---|---|---|"]
    for f in hw.formats.of("scale"):
        inf, nan = specials_text(f)
        lo = f.value_of(0 if f.encoding == "pow2" else 1)
        hi = f.value_of(f.max_mag)
        zero = "0, " if f.encoding == "float" else ""
        invalid = f"0x{1 << f.payload_bits:02X}…0x{(1 << f.bits) - 1:02X}" \
            if f.payload_bits < f.bits else "none"
        out.append(f"| `{f.lower}` | {f.bits} | {f.exp_bits}/{f.man_bits} | "
                   f"{f.bias} | {zero}{value_text(lo)} … {value_text(hi)} | "
                   f"{nan} | {invalid} |")
    return out


def doc_formats(hw):
    out = ["| Value | Name | Role | Encoding | Bits | Packing | exp/man | "
           "Bias | Specials | Meaning |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for f in hw.formats.all:
        em = f"{f.exp_bits}/{f.man_bits}" if f.encoding in ("float", "pow2") \
            else "—"
        bias = str(f.bias) if f.encoding in ("float", "pow2") else "—"
        spec = f.specials if f.encoding in ("float", "pow2") else "—"
        out.append(f"| {f.value} | {f.name} | {f.role} | {f.encoding} | "
                   f"{f.bits} | {f.packing} | {em} | {bias} | {spec} | "
                   f"{md(f.doc)} |")
    return out


def doc_enums(hw):
    out = []
    for e in hw.enums:
        out += [f"### {e.name}", "", md(e.doc) + f" C: `MXA_HW_{e.name}_*`; "
                f"SystemVerilog: `mxa_hw_pkg::{e.name.lower()}_e`, "
                f"{e.bits} bits.", "",
                "| Value | Name | errno | Meaning |" if e.errnos else
                "| Value | Name | Meaning |",
                "|---|---|---|---|" if e.errnos else "|---|---|---|"]
        for name, value, doc in e.items:
            err = f" {e.errnos.get(name, '—')} |" if e.errnos else ""
            out.append(f"| {value} | {name} |{err} {md(doc)} |")
        out.append("")
    return out[:-1]


def doc_constants(hw):
    out = ["| Name | Value | Meaning |", "|---|---|---|"]
    for name, value, doc in hw.constants:
        out.append(f"| {name} | {value} | {md(doc)} |")
    return out


def hw_doc_sections(hw):
    sections = {
        "register-map": doc_register_map(hw),
        "registers": doc_registers(hw),
        "pte": doc_pte(hw),
        "formats": doc_formats(hw),
        "enums": doc_enums(hw),
        "constants": doc_constants(hw),
    }
    for rec in hw.records:
        sections[rec.name.lower()] = doc_record(hw, rec)
    return sections


def numerics_doc_sections(hw):
    return {
        "element-formats": doc_element_formats(hw),
        "scale-formats": doc_scale_formats(hw),
    }


def gen_doc(path, sections, template):
    pat = re.compile(r"(<!-- BEGIN GENERATED ([a-z-]+) [^>]*-->\n)"
                     r".*?(<!-- END GENERATED \2 -->)", re.S)
    found = set()

    def repl(m):
        name = m.group(2)
        if name not in sections:
            raise DescError(f"{path}: unknown generated section '{name}'")
        if name in found:
            raise DescError(f"{path}: section '{name}' appears twice")
        found.add(name)
        return m.group(1) + "\n".join(sections[name]) + "\n" + m.group(3)

    doc = pat.sub(repl, template)
    missing = set(sections) - found
    if missing:
        raise DescError(f"{path}: no generated section for "
                        f"{', '.join(sorted(missing))} (add <!-- BEGIN "
                        "GENERATED name ... --> / <!-- END GENERATED name -->)")
    return doc


def gen_lib_formats(fm, template):
    """The enum mxa_format of lib/mxa.h, with the values of enum FMT."""
    lines = ["enum mxa_format {"]
    for f in fm.all:
        decl = f"\tMXA_FMT_{f.name} = {f.value},"
        note = f"{f.role}: {ascii_text(summary(f.doc))}"
        tabs = max(1, (32 - len(decl.expandtabs()) + 7) // 8)
        one = decl + "\t" * tabs + f"/* {note} */"
        if len(one.expandtabs()) <= 80:
            lines.append(one)
            continue
        wrapped = textwrap.wrap(note, 69)
        if len(wrapped) == 1:
            lines.append(f"\t/* {wrapped[0]} */")
        else:
            lines.append("\t/*")
            lines += [f"\t * {w}" for w in wrapped]
            lines.append("\t */")
        lines.append(decl)
    lines.append(f"\tMXA_FMT_COUNT = {max(f.value for f in fm.all) + 1}")
    lines.append("};")
    lines.append("")
    lines.append("/** Number of element formats usable as matmul operands. */")
    lines.append(f"#define MXA_NUM_ELEM_FORMATS {len(fm.of('element'))}")
    lo, hi = fm.ranges["element"]
    lines.append("/** Room for element formats in tables indexed by format. */")
    lines.append(f"#define MXA_ELEM_FORMAT_SLOTS {hi - lo + 1}")
    return lib_section(template, "formats", lines)


def lib_section(template, name, lines):
    """template with its BEGIN/END GENERATED <name> section replaced."""
    pat = re.compile(r"(/\* BEGIN GENERATED " + name + r" [^\n]*\*/\n).*?"
                     r"(/\* END GENERATED " + name + r" \*/)", re.S)
    out, n = pat.subn(lambda m: m.group(1) + "\n".join(lines) + "\n" +
                      m.group(2), template)
    if n != 1:
        raise DescError(f"{OUT_LIB_H}: needs one BEGIN/END GENERATED "
                        f"{name} comment pair")
    return out


def gen_lib_constants(hw, template):
    """The block sizes and TRUNC defaults of lib/mxa.h, from the
    interface's constants."""
    lines = [f"#define MXA_BLOCK_SIZES 0x{hw.constant('BLOCK_SIZES'):02x}",
             f"#define MXA_TRUNC_DEFAULT_BITS {hw.constant('TRUNC_W_DEFAULT')}",
             f"#define MXA_TRUNC_DEFAULT_INTERVAL "
             f"{hw.constant('TRUNC_N_DEFAULT')}"]
    return lib_section(template, "constants", lines)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="write the files under this directory")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = args.out or root
    try:
        with open(os.path.join(root, FORMATS), "rb") as f:
            formats = Formats(tomllib.load(f))
        with open(os.path.join(root, DESCRIPTION), "rb") as f:
            hw = Interface(tomllib.load(f), formats)
        files = {OUT_C: gen_c(hw), OUT_SV: gen_sv(hw)}
        for path, sections in ((OUT_DOC, hw_doc_sections(hw)),
                               (OUT_NUMERICS, numerics_doc_sections(hw))):
            with open(os.path.join(root, path), encoding="utf-8") as f:
                files[path] = gen_doc(path, sections, f.read())
        with open(os.path.join(root, OUT_LIB_H), encoding="utf-8") as f:
            files[OUT_LIB_H] = gen_lib_constants(
                hw, gen_lib_formats(formats, f.read()))
    except (DescError, tomllib.TOMLDecodeError, OSError) as e:
        print(f"gen_hw_interface: {e}", file=sys.stderr)
        return 1
    for rel, content in files.items():
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    return 0


if __name__ == "__main__":
    sys.exit(main())
