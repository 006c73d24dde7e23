#!/bin/sh
# synth_summary.sh STAT - the resource counts of a Yosys synth_xilinx `stat`
# report, as a board designer reads them: LUTs (logic), LUTs used as
# distributed RAM, flip-flops, DSP slices and block RAMs (36 Kb; an 18 Kb
# block counts as half).
set -eu
stat=${1:?usage: synth_summary.sh STAT}
[ -r "$stat" ] || { echo "synth_summary.sh: cannot read $stat" >&2; exit 1; }

# The top's totals follow the "design hierarchy" header when there is one.
sed -n '/=== design hierarchy ===/,$p' "$stat" | awk '
	$1 ~ /^LUT[1-6]$/ { lut += $2 }
	$1 ~ /^(RAM32M|RAM64M|RAM32X1D|RAM64X1D|RAM128X1D|RAM256X1S)$/ { lutram += $2 }
	$1 ~ /^SRL(16E|C32E)$/ { srl += $2 }
	$1 ~ /^FD[CPRS]E$/ { ff += $2 }
	$1 ~ /^DSP48E1$/ { dsp += $2 }
	$1 ~ /^RAMB36E1$/ { bram += $2 }
	$1 ~ /^RAMB18E1$/ { bram += $2 / 2 }
	END {
		printf "resources: %d LUT, %d LUTRAM, %d SRL, %d FF, %d DSP48E1, %g BRAM36\n",
			lut, lutram, srl, ff, dsp, bram
		if (lut + ff == 0) exit 1
	}'
