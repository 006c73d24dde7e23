#!/bin/sh
# SPDX-License-Identifier: MIT
# The board presets fit their parts: Yosys synth_xilinx of each preset for
# its family (scripts/board_synth.sh, what `make synth BOARD=...` runs)
# uses at most 80% of every resource of the part, and the estimate of the
# longest path meets the preset's clock. Fails when a preset no longer fits.
#
# A synthesis takes minutes (kv260: about 3 on a 2-core machine), so the
# reports are cached in ${XDG_CACHE_HOME:-~/.cache}/mxa/board-synth/, keyed
# by a hash of the RTL, the Yosys script and the preset's parameters: a
# change to any of them synthesizes again, a change to a part's capacity
# only judges again. MXA_BOARD_FIT names the presets to check (default
# kv260; "all" for every one, about 10 minutes without the cache).
set -u
command -v yosys >/dev/null || { echo "skipped: yosys not installed"; exit 77; }
boards=${MXA_BOARD_FIT:-kv260}
[ "$boards" = all ] && boards=$(scripts/board_preset.py list)
fail=0
for board in $boards; do
	scripts/board_synth.sh "$board" || fail=1
done
[ $fail -eq 0 ] && echo "$boards: within 80% of every resource and the target clock by the estimate"
exit $fail
