#!/bin/sh
# The accelerator's RTL (hw/rtl/mxa_top.f: shell, dot-product units and the
# compute engine) passes `verilator --lint-only -Wall` with the waivers of
# hw/lint/ in the default and the minimal configuration, and Yosys reads and
# elaborates mxa_top in both without implicit wires, latches or other
# problems. (`make synth-top` runs the whole synthesis.)
set -u
command -v verilator >/dev/null || { echo "skipped: verilator not installed"; exit 77; }
command -v yosys >/dev/null || { echo "skipped: yosys not installed"; exit 77; }

rtl=$(tr '\n' ' ' <hw/rtl/mxa_top.f)
vlt="hw/lint/shell.vlt hw/lint/waivers.vlt hw/lint/engine.vlt"
min_v="-GRows=2 -GCols=1 -GLaneBits=32 -GDataBits=64 -GBufDepth=64 -GTruncMode=1'b0"
min_y="-chparam Rows 2 -chparam Cols 1 -chparam LaneBits 32 -chparam DataBits 64 \
	-chparam BufDepth 64 -chparam TruncMode 0"
bad=0
for params in "" "$min_v"; do
	# shellcheck disable=SC2086 # parameter and file lists are meant to split
	verilator --lint-only -Wall --top-module mxa_top $params $vlt $rtl ||
		{ echo "verilator lint failed: ${params:-default}"; bad=1; }
done
for params in "" "$min_y"; do
	# shellcheck disable=SC2086
	yosys -q -p "read_verilog -sv -noautowire $rtl; \
		hierarchy -check -top mxa_top $params; proc; check -assert" ||
		{ echo "yosys failed: ${params:-default}"; bad=1; }
done
exit $bad
