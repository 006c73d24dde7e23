#!/bin/sh
# The accelerator's RTL (hw/rtl/mxa_top.f: shell, dot-product units and the
# compute engine) passes `verilator --lint-only -Wall` with the waivers of
# hw/lint/ in every configuration of sim/top.mk (MXA_TOP_PARAMS, their
# Verilator parameters separated by ';', as make passes them; the default
# and the minimal one without it), and Yosys reads and elaborates mxa_top in
# each without implicit wires, latches or other problems. (`make synth-top`
# runs the whole synthesis.)
set -u
command -v verilator >/dev/null || { echo "skipped: verilator not installed"; exit 77; }
command -v yosys >/dev/null || { echo "skipped: yosys not installed"; exit 77; }

rtl=$(tr '\n' ' ' <hw/rtl/mxa_top.f)
vlt="hw/lint/shell.vlt hw/lint/waivers.vlt hw/lint/engine.vlt"
configs=${MXA_TOP_PARAMS:-" ;-GRows=2 -GCols=1 -GLaneBits=32 -GDataBits=64 -GBufDepth=64 -GTruncMode=1'b0"}
bad=0
IFS=';'
for params in $configs; do
	IFS=' 	'
	# Yosys takes the same values: -GName=value is -chparam Name value.
	yparams=$(echo "$params" | sed -E 's/-G([A-Za-z]+)=/-chparam \1 /g')
	# shellcheck disable=SC2086 # parameter and file lists are meant to split
	verilator --lint-only -Wall --top-module mxa_top $params $vlt $rtl ||
		{ echo "verilator lint failed: $params"; bad=1; }
	yosys -q -p "read_verilog -sv -noautowire $rtl; \
		hierarchy -check -top mxa_top $yparams; proc; check -assert" ||
		{ echo "yosys failed: $params"; bad=1; }
done
exit $bad
