#!/bin/sh
# SPDX-License-Identifier: MIT
# The Vivado project of every board preset (scripts/gen_board_vivado.py),
# checked without Vivado:
#   1. every generated Tcl script runs to its end in tclsh with the Vivado
#      commands stubbed (tests/boards/vivado_stub.tcl): it parses, and the
#      control flow around the Vivado calls holds;
#   2. the calls that make the design are there: the IP packaged, the PS of
#      the preset's SoC, two SmartConnects, the register port on the PS
#      master and the DMA master on the HP port, the clock, the interrupt,
#      the register window at the preset's base, the bitstream;
#   3. the Verilog top of the IP and the RTL pass verilator --lint-only
#      -Wall (the port map of mxa_top is right);
#   4. `make vivado` without Vivado writes the scripts and says so in one
#      line.
# Whether Vivado accepts the design is not checked here (docs/board.md).
# The addresses against the overlay and the driver: test_board_agree.sh.
set -u
. "$(dirname "$0")/board_test.sh"
board_test_begin tcl tclsh:tcl verilator:verilator

for board in $(scripts/board_preset.py list); do
	out=$dir/$board
	scripts/gen_board_vivado.py "$board" "$out" || { no "generation failed"; continue; }
	log=$out/calls.log
	if ! tclsh tests/boards/vivado_stub.tcl "$out" "$log" >"$out/tclsh.out" 2>&1 ||
		[ "$(tail -n 1 "$log")" != END ]; then
		no "the scripts do not run to their end in tclsh:"
		cat "$out/tclsh.out"
		continue
	fi
	get() { scripts/board_preset.py get "$board" "$1"; }
	case $(get fpga.soc) in
	zynqmp) ps=xilinx.com:ip:zynq_ultra_ps_e ;;
	zynq) ps=xilinx.com:ip:processing_system7 ;;
	esac
	base=$(get block_design.reg_base)
	size=$(printf '%#x' "$(get block_design.reg_size)")
	# Each line a fixed string the log must hold.
	while IFS= read -r want; do
		[ -n "$want" ] || continue
		grep -qF -- "$want" "$log" || no "no call: $want"
	done <<EOF
ipx::package_project -root_dir ip -vendor mxa.org
create_bd_cell -type ip -vlnv $ps ps
create_bd_cell -type ip -vlnv xilinx.com:ip:smartconnect sc_reg
create_bd_cell -type ip -vlnv xilinx.com:ip:smartconnect sc_mem
connect_bd_intf_net {get_bd_intf_pins ps/$(get block_design.reg_port)} {get_bd_intf_pins sc_reg/S00_AXI}
connect_bd_intf_net {get_bd_intf_pins sc_reg/M00_AXI} {get_bd_intf_pins mxa/s_axi}
connect_bd_intf_net {get_bd_intf_pins mxa/m_axi} {get_bd_intf_pins sc_mem/S00_AXI}
connect_bd_intf_net {get_bd_intf_pins sc_mem/M00_AXI} {get_bd_intf_pins ps/$(get block_design.mem_port)}
connect_bd_net {get_bd_pins ps/$(get block_design.clock_port)} {get_bd_pins mxa/clk}
connect_bd_net {get_bd_pins mxa/irq} {get_bd_pins ps/$(get block_design.irq_port)}
assign_bd_address -offset $base -range $size
validate_bd_design
launch_runs impl_1 -to_step write_bitstream
write_hw_platform -fixed -include_bit
EOF
	# 3. The IP's Verilog top over the RTL.
	top=$(basename "$out"/src/mxa_*_ip.v .v)
	# shellcheck disable=SC2046 # the file list is meant to split
	verilator --lint-only -Wall --top-module "$top" hw/lint/*.vlt \
		$(cat hw/rtl/mxa_top.f) "$out/src/$top.v" >"$out/lint.out" 2>&1 ||
		{ no "verilator lint of $top.v:"; cat "$out/lint.out"; }
done

# 4. Without Vivado: the scripts and one line (with Vivado, make vivado
# would run it for an hour).
if ! command -v vivado >/dev/null; then
	board=kv260
	# A make of its own, not a part of the make that runs the tests.
	lines=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory \
		vivado BOARD=$board 2>&1)
	case $lines in
	*"
"*) no "make vivado printed more than one line: $lines" ;;
	"vivado not found"*)
		[ -f build/vivado/$board/build.tcl ] && [ -f build/vivado/$board/mxa-$board.dtbo ] ||
			no "make vivado did not write build.tcl and the overlay" ;;
	*) no "make vivado without vivado printed: $lines" ;;
	esac
fi

[ $fail -eq 0 ] && echo "the Vivado scripts of $(scripts/board_preset.py list) run in tclsh ($(echo 'puts [info patchlevel]' | tclsh)) and hold the design's calls"
exit $fail
