#!/bin/sh
# The generated hardware interface files are current and usable: the
# generator run on hw/interface/mxa_hw.toml and mxa_formats.toml reproduces
# include/mxa_hw.h, hw/rtl/mxa_hw_pkg.sv, docs/hw-interface.md,
# docs/numerics.md and the format enum of lib/mxa.h exactly; the header compiles
# as kernel code without libc; the package passes Verilator -Wall and Yosys
# when they are installed.
set -u
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
python3 -c 'import tomllib' 2>/dev/null ||
	{ echo "skipped: python3 has no tomllib (3.11 or later needed)"; exit 77; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
bad=0

python3 scripts/gen_hw_interface.py --out "$tmp/gen" || exit 1
for f in include/mxa_hw.h hw/rtl/mxa_hw_pkg.sv docs/hw-interface.md \
	docs/numerics.md lib/mxa.h; do
	if ! diff -u "$f" "$tmp/gen/$f"; then
		echo "stale: $f differs from what the description generates;"
		echo "run 'make hw-interface' and commit the result"
		bad=1
	fi
done

# Kernel code sees only <linux/types.h>: give it a stand-in and no libc.
mkdir -p "$tmp/kinc/linux"
cat >"$tmp/kinc/linux/errno.h" <<'EOF'
#define EINVAL 22
#define EIO 5
#define EFAULT 14
#define ECANCELED 125
#define ETIMEDOUT 110
#define ENODEV 19
EOF
cat >"$tmp/kinc/linux/types.h" <<'EOF'
typedef unsigned char __u8;
typedef unsigned short __le16;
typedef unsigned int __le32;
typedef unsigned long long __le64;
EOF
cat >"$tmp/kern.c" <<'EOF'
#include "mxa_hw.h"
struct mxa_hw_desc d;
struct mxa_hw_cmpl c;
#define BITS(NAME, name, ROLE, ENC, bits, ...) [MXA_HW_FMT_##NAME] = bits,
const unsigned char fmt_bits[MXA_HW_FMT_VALUES] = {
	MXA_HW_FORMAT_LIST(BITS)
};
EOF
if ! ${CC:-cc} -std=gnu11 -D__KERNEL__ -nostdinc -I"$tmp/kinc" -Iinclude \
	-Wall -Wextra -Werror -c "$tmp/kern.c" -o "$tmp/kern.o"; then
	echo "include/mxa_hw.h does not compile as kernel code"
	bad=1
fi

# The package as the RTL uses it: struct members, enums, offsets, slices.
cat >"$tmp/mxa_hw_pkg_user.sv" <<'EOF'
/* verilator lint_off UNUSEDSIGNAL */
module mxa_hw_pkg_user (
  input  logic [mxa_hw_pkg::REG_ADDR_BITS-1:0] addr_i,
  input  mxa_hw_pkg::desc_t desc_i,
  input  logic [63:0] pte_i,
  output logic [31:0] rdata_o,
  output mxa_hw_pkg::cmpl_t cmpl_o,
  output logic leaf_o,
  input  mxa_hw_pkg::fmt_e fmt_i,
  output logic [5:0] fmt_bits_o
);
  mxa_hw_pkg::pte_t pte;
  mxa_hw_pkg::status_e status;

  assign pte = pte_i;
  assign fmt_bits_o = 6'(mxa_hw_pkg::fmt_bits(32'(fmt_i)));
  assign leaf_o = pte.v & pte.leaf & pte_i[mxa_hw_pkg::PTE_W_LSB];
  assign status = desc_i.opcode == mxa_hw_pkg::OP_NOP ?
                  mxa_hw_pkg::STATUS_OK : mxa_hw_pkg::STATUS_BAD_DESC;
  assign cmpl_o = {32'd0, 32'd0, 64'd0, 64'd0, 64'd0, 64'd0, 64'd0, 32'd0,
                   mxa_hw_pkg::DESC_FIELD_M, status, desc_i.seq};

  always_comb begin
    unique case (addr_i)
      mxa_hw_pkg::REG_ID: rdata_o = mxa_hw_pkg::REG_ID_RESET;
      mxa_hw_pkg::REG_VERSION: rdata_o = mxa_hw_pkg::REG_VERSION_RESET;
      mxa_hw_pkg::REG_CAP_MAX_M:
        rdata_o = desc_i[mxa_hw_pkg::DESC_M_LSB +: mxa_hw_pkg::DESC_M_WIDTH];
      default: rdata_o = '0;
    endcase
  end
endmodule
EOF
if command -v verilator >/dev/null; then
	verilator --lint-only -Wall hw/rtl/mxa_hw_pkg.sv \
		"$tmp/mxa_hw_pkg_user.sv" || { echo "verilator lint failed"; bad=1; }
else
	echo "note: verilator not installed, package lint not run"
fi
if command -v yosys >/dev/null; then
	yosys -q -p "read_verilog -sv -noautowire hw/rtl/mxa_hw_pkg.sv \
		$tmp/mxa_hw_pkg_user.sv; hierarchy -check -top mxa_hw_pkg_user; \
		proc; check -assert" || { echo "yosys failed"; bad=1; }
else
	echo "note: yosys not installed, package not read by yosys"
fi
exit $bad
