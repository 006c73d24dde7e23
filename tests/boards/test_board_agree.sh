#!/bin/sh
# SPDX-License-Identifier: MIT
# For every board preset, the block design (the Vivado scripts, run in
# tclsh with Vivado stubbed), the device-tree overlay (the compiled .dtbo)
# and the driver (driver/mxa_platform.c, include/mxa_hw.h) agree:
#   - the overlay's compatible is the driver's;
#   - the overlay's reg is the register window the block design assigns
#     (base and range), at least the driver's MXA_HW_REG_SPACE_SIZE, and
#     inside the window of the PS master port the design puts it on;
#   - the overlay's interrupt is the GIC SPI that the PS port the design
#     connects the interrupt to is wired to in the SoC (the table below,
#     from the technical reference manuals, not from the preset), level
#     high as the binding says;
#   - the overlay's PL clock rate is the block design's;
#   - the overlay's firmware-name is the bitstream the scripts write.
set -u
. "$(dirname "$0")/board_test.sh"
board_test_begin agree tclsh:tcl dtc:device-tree-compiler

# The SoCs' wiring, independent of the presets: PL-to-PS interrupt bit 0 ->
# GIC SPI (Zynq UltraScale+ TRM UG1085, pl_ps_irq0[0] = interrupt ID 121;
# Zynq-7000 TRM UG585, IRQ_F2P[0] = ID 61; SPI = ID - 32), and the address
# window of each PS master port (UG1085 and UG585 address maps).
spi_of() {
	case $1 in
	pl_ps_irq0) echo 89 ;;
	IRQ_F2P) echo 29 ;;
	*) echo "unknown PL-to-PS interrupt port $1" ;;
	esac
}
window_of() {
	case $1 in
	M_AXI_HPM0_FPD) echo "0xa0000000 0xb0000000" ;;
	M_AXI_GP0) echo "0x40000000 0x80000000" ;;
	*) echo "0 0" ;;
	esac
}

compat=$(sed -n 's/.*\.compatible = "\([^"]*\)".*/\1/p' driver/mxa_platform.c)
regspace=$(sed -n 's/^#define MXA_HW_REG_SPACE_SIZE[[:space:]]*//p' include/mxa_hw.h)
[ -n "$compat" ] && [ -n "$regspace" ] || {
	echo "cannot read the driver's compatible or MXA_HW_REG_SPACE_SIZE"
	exit 1
}

for board in $(scripts/board_preset.py list); do
	out=$dir/$board
	scripts/gen_board_vivado.py "$board" "$out" &&
		scripts/gen_board_dtso.py "$board" "$out" || { no "generation failed"; continue; }
	log=$out/calls.log
	tclsh tests/boards/vivado_stub.tcl "$out" "$log" >/dev/null 2>&1
	[ "$(tail -n 1 "$log")" = END ] || { no "the Vivado scripts do not run in tclsh"; continue; }
	dts=$(dtc -q -I dtb -O dts "$out/mxa-$board.dtbo") || { no "dtc cannot read the .dtbo"; continue; }
	# The block design's side, from the calls.
	set -- $(sed -n 's/^assign_bd_address -offset \([^ ]*\) -range \([^ ]*\) .*mxa\/s_axi.*/\1 \2/p' "$log")
	bd_base=${1:-none} bd_range=${2:-none}
	bd_master=$(sed -n 's/^connect_bd_intf_net {get_bd_intf_pins ps\/\([^}]*\)} {get_bd_intf_pins sc_reg\/S00_AXI}$/\1/p' "$log")
	bd_irq=$(sed -n 's/^connect_bd_net {get_bd_pins mxa\/irq} {get_bd_pins ps\/\([^}]*\)}$/\1/p' "$log")
	bd_mhz=$(grep -o 'CONFIG\.\(PSU__CRL_APB__PL0_REF_CTRL__FREQMHZ\|PCW_FPGA0_PERIPHERAL_FREQMHZ\) [0-9]*' "$log" | awk '{ print $2 }')
	# bootgen -process_bitstream bin writes <the .bif's bitstream>.bin.
	bif=$(sed -n 's/^[[:space:]]*exec bootgen -image \([^ ]*\) .*/\1/p' "$out/implement.tcl")
	bd_bit=$( [ -f "$out/$bif" ] && sed -n 's/^[[:space:]]*\([^[:space:]{}:]*\.bit\)$/\1.bin/p' "$out/$bif")
	# The overlay's side: the mxa node and the region's properties.
	node=$(printf '%s\n' "$dts" | sed -n '/compatible = "mxa,/,/};/p')
	ov_compat=$(printf '%s\n' "$node" | sed -n 's/.*compatible = "\([^"]*\)".*/\1/p')
	ov_reg=$(printf '%s\n' "$node" | sed -n 's/.*reg = <\(.*\)>;/\1/p')
	ov_irq=$(printf '%s\n' "$node" | sed -n 's/.*interrupts = <\(.*\)>;/\1/p')
	ov_hz=$(printf '%s\n' "$dts" | sed -n 's/.*assigned-clock-rates = <\(.*\)>;/\1/p')
	ov_fw=$(printf '%s\n' "$dts" | sed -n 's/.*firmware-name = "\([^"]*\)".*/\1/p')
	# reg: <base size> in one or two cells each.
	set -- $ov_reg
	if [ $# -eq 4 ]; then
		ov_base=$(($1 << 32 | $2)) ov_size=$(($3 << 32 | $4))
	else
		ov_base=$(($1)) ov_size=$(($2))
	fi

	[ "$ov_compat" = "$compat" ] || no "overlay compatible '$ov_compat', driver '$compat'"
	[ "$bd_base" != none ] || { no "no register window in the block design"; continue; }
	[ $((bd_base)) -eq $ov_base ] || no "register base: block design $bd_base, overlay $(printf '%#x' $ov_base)"
	[ $((bd_range)) -eq $ov_size ] || no "register range: block design $bd_range, overlay $(printf '%#x' $ov_size)"
	[ $ov_size -ge $((regspace)) ] || no "register window $ov_size bytes, the driver needs $regspace"
	set -- $(window_of "$bd_master")
	[ $ov_base -ge $(($1)) ] && [ $((ov_base + ov_size)) -le $(($2)) ] ||
		no "register window $(printf '%#x' $ov_base) outside $bd_master's window $1-$2"
	want=$(spi_of "$bd_irq")
	[ "$ov_irq" = "$(printf '0x00 %#04x 0x04' "$want" 2>/dev/null)" ] ||
		no "overlay interrupts <$ov_irq>; the design wires $bd_irq, GIC SPI $want, level high (<0x00 $(printf '%#04x' "$want" 2>/dev/null) 0x04>)"
	[ -n "$bd_mhz" ] && [ $((ov_hz)) -eq $((bd_mhz * 1000000)) ] ||
		no "PL clock: block design ${bd_mhz:-none} MHz, overlay $((ov_hz)) Hz"
	[ -n "$bd_bit" ] && [ "$ov_fw" = "$bd_bit" ] ||
		no "overlay firmware-name '$ov_fw', the scripts write '${bd_bit:-nothing}'"
done

[ $fail -eq 0 ] && echo "block designs, overlays and driver agree for $(scripts/board_preset.py list)"
exit $fail
