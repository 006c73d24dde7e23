# SPDX-License-Identifier: MIT
"""Number formats: the library's table (mxa.formats(), mxa.format()) and
FloatFormat, a software model of any small float format for studies of
formats no device has.

The library's formats come from libmxa itself (mxa_format_info() of every
format value), so a format added to hw/interface/mxa_formats.toml appears
here after a rebuild with no Python change.
"""
import ctypes
import math

import numpy as np

from . import _lib
from .errors import invalid

ROLES = ("element", "scale", "output")


def _role_of(value):
    if value in _lib.ELEMENT_RANGE:
        return "element"
    if value in _lib.SCALE_RANGE:
        return "scale"
    return "output"


class Format:
    """A number format of libmxa (read-only; see docs/numerics.md 1-2)."""

    def __init__(self, value):
        info = _lib.FormatInfo()
        _lib.check(_lib.lib.mxa_format_info(value, ctypes.byref(info)))
        self.value = value
        self.name = info.name.decode()
        self.role = _role_of(value)
        self.bits = info.bits
        self.exp_bits = info.exp_bits
        self.man_bits = info.man_bits
        self.bias = info.bias
        self.max_normal = float(info.max_normal)
        self.min_normal = float(info.min_normal)
        self.min_subnormal = float(info.min_subnormal)
        self.has_inf = bool(info.has_inf)
        self.has_nan = bool(info.has_nan)
        self._codes = None

    def __repr__(self):
        return f"mxa.format({self.name!r})"

    def __str__(self):
        return self.name

    def __eq__(self, other):
        return isinstance(other, Format) and other.value == self.value

    def __hash__(self):
        return hash(self.value)

    @property
    def is_float(self):
        """A sign-exponent-mantissa element format (not int or ternary)."""
        return self.role == "element" and self.exp_bits > 0

    def _decode_one(self, code, scaled=False):
        v = ctypes.c_float()
        ret = _lib.lib.mxa_decode(self.value, code, int(scaled),
                                  ctypes.byref(v))
        return None if ret < 0 else v.value

    def codes(self):
        """Every valid code of the format, ascending (np.uint8); output
        formats (wider than a byte) have none here."""
        if self.role == "output":
            raise invalid(f"{self.name} is an output format: its codes are "
                          "not bytes")
        if self._codes is None:
            self._codes = np.array([c for c in range(256)
                                    if self._decode_one(c) is not None],
                                   dtype=np.uint8)
            self._codes.setflags(write=False)
        return self._codes

    def values(self, scaled=False):
        """The value of each of codes() (np.float32); scaled: int8 and int4
        as under a block scale (code x 2^-6, code x 2^-2)."""
        return np.array([self._decode_one(int(c), scaled)
                         for c in self.codes()], dtype=np.float32)

    def float_format(self, saturate=True):
        """The FloatFormat of the same parameters (float formats only)."""
        if self.role != "element" or not self.exp_bits:
            raise invalid(f"{self.name} is not a float element format")
        if self.has_inf:
            specials = "ieee"
        elif not self.has_nan:
            specials = "none"
        else:
            # fnuz: the code with only the sign bit is the one NaN.
            sign = 1 << (self.exp_bits + self.man_bits)
            nz = self._decode_one(sign)
            specials = "fnuz" if nz is not None and math.isnan(nz) else "fn"
        return FloatFormat(self.exp_bits, self.man_bits, self.bias,
                           specials=specials, saturate=saturate,
                           name=self.name)


def _all_formats():
    found = []
    for v in range(256):
        info = _lib.FormatInfo()
        if _lib.lib.mxa_format_info(v, ctypes.byref(info)) == 0:
            found.append(Format(v))
    return found


_FORMATS = _all_formats()
_BY_NAME = {f.name: f for f in _FORMATS}
_BY_VALUE = {f.value: f for f in _FORMATS}


def formats(role="element"):
    """The library's formats of a role ("element", "scale", "output"), or
    of every role with role=None, in order of value."""
    if role is not None and role not in ROLES:
        raise invalid(f"role {role!r}: expected one of {', '.join(ROLES)} "
                      "or None")
    return [f for f in _FORMATS if role is None or f.role == role]


def format(name_or_value):
    """A format by name ("e4m3", case-insensitive) or enum value; a Format
    is returned as it is. Unknown: mxa.Error (EINVAL) with the library's
    message, which lists the known names."""
    if isinstance(name_or_value, Format):
        return name_or_value
    if isinstance(name_or_value, str):
        f = _BY_NAME.get(name_or_value.lower())
        if f is None:
            v = _lib.check(_lib.lib.mxa_format_parse(name_or_value.encode()))
            f = _BY_VALUE[v]
        return f
    if isinstance(name_or_value, (int, np.integer)):
        f = _BY_VALUE.get(int(name_or_value))
        if f is None:
            # Every value the library knows is in the table: this raises
            # with its message ("unknown format N").
            info = _lib.FormatInfo()
            _lib.check(_lib.lib.mxa_format_info(int(name_or_value),
                                                ctypes.byref(info)))
            raise invalid(f"format {int(name_or_value)}: not in the table")
        return f
    raise invalid(f"format {name_or_value!r}: expected a name, a value or "
                  "an mxa.Format")


def element_format(f, what="format"):
    """format(f), which must be an element format."""
    f = format(f)
    if f.role != "element":
        raise invalid(f"{what} {f.name}: not an element format (element "
                      f"formats: {', '.join(x.name for x in formats())})")
    return f


# ----------------------------------------------------------------- software

SPECIALS = ("ieee", "fn", "fnuz", "none")


class FloatFormat:
    """A sign-exponent-mantissa float format computed in NumPy (software
    only: no device runs it). Conversions follow docs/numerics.md section 3
    with round to nearest even, subnormals and the given specials:

    - "ieee": exponent all ones is infinity (mantissa 0) or NaN;
    - "fn":   no infinity; only S.1..1.1..1 is NaN (OCP E4M3);
    - "fnuz": no infinity, no negative zero; 0x80.. (sign only) is NaN;
    - "none": every code is a finite number (OCP FP6, FP4).

    saturate: values beyond the range become +-max_normal; otherwise
    infinity ("ieee") or NaN ("fn", "fnuz"); "none" always saturates.
    """

    def __init__(self, exp_bits, man_bits, bias=None, specials="none",
                 saturate=True, name=None):
        if not (isinstance(exp_bits, int) and 1 <= exp_bits <= 8):
            raise invalid(f"exp_bits {exp_bits!r}: expected 1 to 8")
        if not (isinstance(man_bits, int) and 0 <= man_bits <= 23):
            raise invalid(f"man_bits {man_bits!r}: expected 0 to 23")
        if specials not in SPECIALS:
            raise invalid(f"specials {specials!r}: expected one of "
                          f"{', '.join(SPECIALS)}")
        if specials == "ieee" and exp_bits < 2:
            raise invalid("specials 'ieee' needs at least 2 exponent bits")
        if specials == "fn" and exp_bits + man_bits < 2:
            raise invalid("specials 'fn' needs at least 2 bits of "
                          "exponent and mantissa")
        self.exp_bits = exp_bits
        self.man_bits = man_bits
        self.bias = (1 << (exp_bits - 1)) - 1 if bias is None else int(bias)
        self.specials = specials
        self.saturate = bool(saturate) or specials == "none"
        self.bits = 1 + exp_bits + man_bits
        self.name = name or f"e{exp_bits}m{man_bits}"
        top = (1 << exp_bits) - 1           # largest exponent field
        mmax = (1 << man_bits) - 1          # largest mantissa field
        if specials == "ieee":
            emax_field, max_man = top - 1, mmax
        elif specials == "fn":
            emax_field, max_man = (top, mmax - 1) if man_bits else \
                (top - 1, 0)
        else:
            emax_field, max_man = top, mmax
        self._max_mag_code = emax_field << man_bits | max_man
        self.emax = emax_field - self.bias
        self.max_normal = math.ldexp(1 + max_man / (1 << man_bits), self.emax)
        self.min_normal = math.ldexp(1.0, 1 - self.bias)
        self.min_subnormal = math.ldexp(1.0, 1 - self.bias - man_bits)
        self.has_inf = specials == "ieee"
        self.has_nan = specials != "none"

    def __repr__(self):
        return (f"mxa.FloatFormat({self.exp_bits}, {self.man_bits}, "
                f"bias={self.bias}, specials={self.specials!r}, "
                f"saturate={self.saturate})")

    # The NaN codes this format produces (docs/numerics.md section 3).
    def _nan_code(self, negative):
        mag = (1 << (self.exp_bits + self.man_bits)) - 1
        sign = 1 << (self.exp_bits + self.man_bits)
        if self.specials == "fnuz":
            return sign
        return (sign if negative else 0) | mag

    def encode(self, x):
        """Codes (np.uint32, sign in bit exp_bits + man_bits) of x, rounded
        to nearest even on x's exact value (float32 or float64 input)."""
        x = np.asarray(x, dtype=np.float64)
        m, lsb = self.man_bits, 1 - self.bias - self.man_bits
        neg = np.signbit(x)
        ax = np.abs(x)
        finite = np.isfinite(ax)
        axf = np.where(finite, ax, 0.0)
        # Quantum of each magnitude: 2^(e - m) for normals, the subnormal
        # unit below (frexp gives exact exponents); rint of the exactly
        # scaled magnitude is round to nearest even.
        e = np.frexp(axf)[1].astype(np.int64) - 1
        qexp = np.maximum(e - m, lsb)
        units = np.rint(np.ldexp(axf, -qexp))
        mag_value = np.ldexp(units, qexp)
        over = mag_value > self.max_normal
        # Exponent field and mantissa of the rounded magnitude (which may
        # have carried into the next binade).
        e2 = np.frexp(mag_value)[1].astype(np.int64) - 1
        sub = (mag_value == 0) | (e2 < 1 - self.bias)
        ef = np.where(sub | over, 0, e2 + self.bias)
        mant = np.where(sub, np.ldexp(mag_value, -lsb),
                        np.ldexp(mag_value, -(e2 - m)) - (1 << m))
        mant = np.where(over, 0, mant).astype(np.int64)
        mag = (ef << m) | mant
        sat = over if self.saturate else np.zeros_like(over)
        mag = np.where(sat, self._max_mag_code, mag)
        sign_bit = 1 << (self.exp_bits + m)
        code = np.where(neg, sign_bit, 0) | mag
        if self.specials == "fnuz":
            code = np.where(mag == 0, 0, code)      # one zero, +0
        inf_code = (((1 << self.exp_bits) - 1) << m)
        if not self.saturate:
            if self.specials == "ieee":
                ovf = np.where(neg, sign_bit, 0) | inf_code
            else:
                ovf = np.where(neg, self._nan_code(True),
                               self._nan_code(False))
            code = np.where(over, ovf, code)
        # Infinities: max normal saturating, else as an overflow.
        isinf = np.isinf(x)
        if self.saturate:
            inf_res = np.where(neg, sign_bit, 0) | self._max_mag_code
        elif self.specials == "ieee":
            inf_res = np.where(neg, sign_bit, 0) | inf_code
        else:
            inf_res = np.where(neg, self._nan_code(True),
                               self._nan_code(False))
        code = np.where(isinf, inf_res, code)
        # NaN: the positive NaN, or positive max normal without NaN.
        nan_res = (self._max_mag_code if self.specials == "none" else
                   self._nan_code(False))
        code = np.where(np.isnan(x), nan_res, code)
        return code.astype(np.uint32)

    def decode(self, codes):
        """Values (np.float64) of codes."""
        c = np.asarray(codes).astype(np.int64)
        m, e_bits = self.man_bits, self.exp_bits
        sign = (c >> (e_bits + m)) & 1
        ef = (c >> m) & ((1 << e_bits) - 1)
        mant = c & ((1 << m) - 1)
        lsb = 1 - self.bias - m
        units = np.where(ef == 0, mant, (1 << m) | mant)
        shift = np.where(ef == 0, 0, ef - 1)
        v = np.ldexp(units.astype(np.float64), (shift + lsb).astype(np.int64))
        top = (1 << e_bits) - 1
        if self.specials == "ieee":
            v = np.where((ef == top) & (mant == 0), np.inf, v)
            v = np.where((ef == top) & (mant != 0), np.nan, v)
        elif self.specials == "fn":
            v = np.where((ef == top) & (mant == (1 << m) - 1), np.nan, v)
        v = np.where(sign == 1, -v, v)
        if self.specials == "fnuz":
            v = np.where((sign == 1) & (ef == 0) & (mant == 0), np.nan, v)
        return v

    def quantize(self, x):
        """x rounded to the format (np.float64 values; fake quantization)."""
        return self.decode(self.encode(x))

    def codes(self):
        """Every code whose value is a number or special of the format."""
        return np.arange(1 << self.bits, dtype=np.uint32)

    def values(self):
        return self.decode(self.codes())
