#!/bin/sh
# board_synth.sh BOARD - Yosys synth_xilinx of a board preset
# (hw/boards/BOARD.toml) for its family, then the resources against the
# part's capacity and the longest path against the target clock
# (scripts/board_preset.py fit). Exit 1 when a resource is over the
# preset's budget (80%).
#
# A synthesis takes minutes, so its reports are kept in
# ${XDG_CACHE_HOME:-~/.cache}/mxa/board-synth/, keyed by a hash of what
# decides them: the RTL, the Yosys script, the preset's parameters and
# family, and the Yosys version. The capacities are not in the key: they
# only change the verdict. MXA_SYNTH_CACHE=0 synthesizes again anyway.
# `make synth BOARD=...` and tests/boards/test_board_fit.sh run this.
set -eu
board=${1:?usage: board_synth.sh BOARD}
cd "$(dirname "$0")/.."
preset=scripts/board_preset.py
yosys=${YOSYS:-yosys}
command -v "$yosys" >/dev/null || {
	echo "board_synth.sh: $yosys not found (Debian package yosys)" >&2
	exit 2
}

yparams=$($preset yparams "$board")
family=$($preset get "$board" fpga.family)
levels=$($preset lut-levels "$board")
rtl=$(tr '\n' ' ' <hw/rtl/mxa_top.f)
# The LUT mapping (synth_xilinx's map_luts step) runs first with the delay
# target of the preset's clock, in LUT levels: without one, ABC maps every
# path as shallow as it can, and the area follows whichever path happens to
# be the longest. map_luts then finds nothing left to map and goes on.
# The flattened netlist without its registers and block memories: the
# longest register-to-register path in cells (ltp), which fit turns into a
# delay estimate.
script="read_verilog -sv -noautowire $rtl; hierarchy -check -top mxa_top $yparams;
synth_xilinx -family $family -top mxa_top -run :map_luts;
opt_expr -mux_undef -noclkinv; abc -luts 2:2,3,6:5,10,20 -D $levels;
synth_xilinx -family $family -top mxa_top -run map_luts:; tee -q -o @STAT@ stat;
flatten; delete t:FD*E t:RAMB* t:URAM* t:SRL*; tee -q -o @LTP@ ltp -noff"

key=$( { cat $rtl; echo "$script"; "$yosys" -V; } | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/mxa/board-synth
stat=$cache/$board-$key.stat
ltp=$cache/$board-$key.ltp
mkdir -p "$cache"

if [ "${MXA_SYNTH_CACHE:-1}" = 0 ] || [ ! -s "$stat" ] || [ ! -s "$ltp" ]; then
	log=$cache/$board-$key.log
	echo "synth_xilinx -family $family of $board ($yparams); log: $log"
	start=$(date +%s)
	# Written aside and moved into place: a run beside this one, or one
	# cut short, never leaves half a report in the cache.
	s=$(printf '%s' "$script" | sed "s|@STAT@|$stat.$$|; s|@LTP@|$ltp.$$|")
	if ! "$yosys" -q -l "$log" -p "$s" >/dev/null 2>&1; then
		echo "board_synth.sh: Yosys failed on $board (log: $log)" >&2
		exit 2
	fi
	mv "$ltp.$$" "$ltp"
	mv "$stat.$$" "$stat"
	echo "synthesized in $(($(date +%s) - start)) s"
else
	echo "synthesis of $board from the cache ($stat)"
fi
exec $preset fit "$board" "$stat" "$ltp"
