#!/bin/sh
# The shell's RTL passes `verilator --lint-only -Wall` (with the waivers of
# hw/lint/shell.vlt) at every AXI data width, the shell tests' top included,
# and Yosys reads and elaborates mxa_shell without implicit wires, latches or
# other problems. (`make synth-shell` runs the whole synthesis.)
set -u
command -v verilator >/dev/null || { echo "skipped: verilator not installed"; exit 77; }
command -v yosys >/dev/null || { echo "skipped: yosys not installed"; exit 77; }

rtl=$(tr '\n' ' ' <hw/rtl/mxa_shell.f)
tb="tests/rtl/mxa_test_engine.sv tests/rtl/mxa_shell_test_top.sv"
bad=0
for bits in 64 128 256 512; do
	# shellcheck disable=SC2086 # file lists are meant to split
	verilator --lint-only -Wall -GDataBits=$bits \
		--top-module mxa_shell_test_top hw/lint/shell.vlt $rtl $tb ||
		{ echo "verilator lint failed, DataBits=$bits"; bad=1; }
done
# shellcheck disable=SC2086
yosys -q -p "read_verilog -sv -noautowire $rtl; hierarchy -check -top mxa_shell; \
	proc; check -assert" || { echo "yosys failed"; bad=1; }
exit $bad
