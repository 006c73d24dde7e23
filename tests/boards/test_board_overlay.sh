#!/bin/sh
# SPDX-License-Identifier: MIT
# The device-tree overlay of every board preset (scripts/gen_board_dtso.py):
#   1. it compiles with dtc to a .dtbo whose fragment targets the SoC's
#      full FPGA region and whose references (fpga_full, the interrupt
#      controller, the clock controller) are left for the base tree
#      (__fixups__);
#   2. its mxa node, taken from the compiled .dtbo, validates with
#      dt-validate against docs/bindings/mxa.yaml, placed in a tree with
#      the SoC's cells and a GIC as the base tree has them (as
#      tests/driver/test_dt_binding.sh validates the binding's example);
#   3. the same node with a property the binding does not allow is
#      refused, so the validation really reaches it.
# dt-validate reports problems on its output with exit status 0: any
# output fails. Exit 77 when a tool is missing.
set -u
. "$(dirname "$0")/board_test.sh"
board_test_begin overlay dtc:device-tree-compiler dt-mk-schema:dt-schema dt-validate:dt-schema

dt-mk-schema -j docs/bindings >"$dir/schema.json" 2>"$dir/mk.err" || {
	echo "dt-mk-schema docs/bindings:"
	cat "$dir/mk.err"
	exit 1
}

# validate NAME NODE: the node in a tree like the base one, then dt-validate.
validate() {
	cells=$(scripts/board_preset.py get "$board" fpga.soc | sed 's/^zynqmp$/2/; s/^zynq$/1/')
	cat >"$dir/$1.dts" <<EOF
/dts-v1/;
/ {
	#address-cells = <$cells>;
	#size-cells = <$cells>;
	compatible = "mxa,board-test";
	model = "mxa overlay check";

	gic: interrupt-controller@f9010000 {
		compatible = "arm,gic-400";
		#interrupt-cells = <3>;
		interrupt-controller;
		reg = <$( [ "$cells" = 2 ] && echo "0x0 0xf9010000 0x0 0x10000" || echo "0xf9010000 0x10000")>;
	};

	fpga-full {
		compatible = "fpga-region";
		#address-cells = <$cells>;
		#size-cells = <$cells>;
		ranges;

$(printf '%s\n' "$2" | sed 's/interrupt-parent = <0xffffffff>/interrupt-parent = <\&gic>/')
	};
};
EOF
	dtc -q -I dts -O dtb -o "$dir/$1.dtb" "$dir/$1.dts" || { echo "dtc $dir/$1.dts failed"; return 1; }
	dt-validate -s "$dir/schema.json" "$dir/$1.dtb" 2>&1
}

for board in $(scripts/board_preset.py list); do
	out=$dir/$board
	scripts/gen_board_dtso.py "$board" "$out" || { no "the overlay does not compile"; continue; }
	dts=$(dtc -q -I dtb -O dts "$out/mxa-$board.dtbo") || { no "dtc cannot read the .dtbo"; continue; }
	# 1. Fragment and references.
	case $(scripts/board_preset.py get "$board" fpga.soc) in
	zynqmp) refs="fpga_full gic zynqmp_clk" ;;
	zynq) refs="fpga_full intc clkc" ;;
	esac
	fixups=$(printf '%s\n' "$dts" | sed -n '/__fixups__ {/,/};/p')
	for r in $refs; do
		printf '%s\n' "$fixups" | grep -q "^[[:space:]]*$r = " || no "no reference to &$r in __fixups__"
	done
	printf '%s\n' "$fixups" | grep -q 'fpga_full = "/fragment@0:target:0"' ||
		no "fragment@0 does not target fpga_full"
	# 2. The mxa node as compiled.
	node=$(printf '%s\n' "$dts" | sed -n '/^[[:space:]]*npu@[0-9a-f]* {/,/};/p')
	[ -n "$node" ] || { no "no npu node in the overlay"; continue; }
	out2=$(validate "$board" "$node")
	[ -z "$out2" ] || { no "dt-validate of the mxa node:"; echo "$out2"; }
	# 3. A property the binding does not allow.
	bad=$(printf '%s\n' "$node" | sed 's/compatible = "mxa,mxa-1.0";/&\n\t\tmxa-not-a-property = <1>;/')
	case $(validate "$board-bad" "$bad") in
	*mxa-not-a-property*) ;;
	*) no "dt-validate accepted a property the binding does not allow" ;;
	esac
done

[ $fail -eq 0 ] && echo "the overlays of $(scripts/board_preset.py list) compile and their mxa nodes validate against docs/bindings/mxa.yaml"
exit $fail
