#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_board_vivado.py - the Vivado project of a board preset.

    scripts/gen_board_vivado.py BOARD OUTDIR

Writes into OUTDIR, from hw/boards/BOARD.toml:

  src/mxa_BOARD_ip.v   (BOARD with '_' for '-') a Verilog top over mxa_top with the preset's
                       parameters and the port names Vivado's IP packager
                       recognizes (s_axi_*, m_axi_*; clock, reset and
                       interrupt by X_INTERFACE attributes)
  mxa_BOARD.xdc        the constraints
  package_ip.tcl       packages that top and the RTL as an IP (ipx::)
  block_design.tcl     the block design: the PS (zynq_ultra_ps_e or
                       processing_system7), mxa's registers on the PS master
                       port, its DMA master on an HP port through a
                       SmartConnect, the interrupt, the PL clock at the
                       preset's target, the register window at its base
  implement.tcl        synthesis, implementation, bitstream, the .bit.bin
                       fpga_manager loads, reports, the XSA
  build.tcl            all of them in order (vivado -mode batch -source
                       build.tcl)

The addresses, interrupt and clock are the preset's, as the overlay's are
(gen_board_dtso.py); tests/boards/ sources the scripts in tclsh with the
Vivado commands stubbed and checks both against the driver. The Vivado
commands and PS properties follow AMD's documentation (UG835, UG1118,
PG201, PG082); what was verified and what was not is in docs/board.md.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import board_preset  # noqa: E402
import gen_board_dtso  # noqa: E402  (the bitstream's name)

ROOT = board_preset.ROOT


def ident(board):
    """The board's name as a Verilog and IP identifier (no '-')."""
    return board.replace("-", "_")

# The PS of each SoC: IP, its ports as the block design names them, and the
# properties that turn on what the design uses.
PS = {
    "zynqmp": {
        "vlnv": "xilinx.com:ip:zynq_ultra_ps_e",
        "rule": "xilinx.com:bd_rule:zynq_ultra_ps_e",
        "master_clk": "maxihpm0_fpd_aclk",
        "slave_clk": "saxihp0_fpd_aclk",
        "data_space": "Data",
    },
    "zynq": {
        "vlnv": "xilinx.com:ip:processing_system7",
        "rule": "xilinx.com:bd_rule:processing_system7",
        "master_clk": "M_AXI_GP0_ACLK",
        "slave_clk": "S_AXI_HP0_ACLK",
        "data_space": "Data",
    },
}


def ps_config(p):
    """CONFIG.* properties of the PS, as a Tcl dict list."""
    mhz = p["clock"]["target_mhz"]
    bits = p["array"]["data_bits"]
    if p["fpga"]["soc"] == "zynqmp":
        cfg = {
            # M_AXI_HPM0_FPD (GP0) for the registers, nothing else.
            "PSU__USE__M_AXI_GP0": 1,
            "PSU__MAXIGP0__DATA_WIDTH": 128,
            "PSU__USE__M_AXI_GP1": 0,
            "PSU__USE__M_AXI_GP2": 0,
            # S_AXI_HP0_FPD (GP2) for the DMA master, at its width.
            "PSU__USE__S_AXI_GP2": 1,
            "PSU__SAXIGP2__DATA_WIDTH": bits,
            # pl_ps_irq0 and pl_clk0 at the target.
            "PSU__USE__IRQ0": 1,
            "PSU__FPGA_PL0_ENABLE": 1,
            "PSU__CRL_APB__PL0_REF_CTRL__FREQMHZ": mhz,
        }
    else:
        cfg = {
            "PCW_USE_M_AXI_GP0": 1,
            "PCW_USE_S_AXI_HP0": 1,
            "PCW_S_AXI_HP0_DATA_WIDTH": bits,
            "PCW_USE_FABRIC_INTERRUPT": 1,
            "PCW_IRQ_F2P_INTR": 1,
            "PCW_EN_CLK0_PORT": 1,
            "PCW_EN_RST0_PORT": 1,
            "PCW_FPGA0_PERIPHERAL_FREQMHZ": mhz,
        }
    return " ".join(f"CONFIG.{k} {{{v}}}" for k, v in cfg.items())


# mxa_top's AXI ports: name without prefix and suffix, direction seen from
# mxa, width (a Verilog expression of the wrapper's localparams).
AXIL = [("awaddr", "in", "RegBits"), ("awvalid", "in", "1"),
        ("awready", "out", "1"), ("wdata", "in", "32"), ("wvalid", "in", "1"),
        ("wready", "out", "1"), ("bresp", "out", "2"), ("bvalid", "out", "1"),
        ("bready", "in", "1"), ("araddr", "in", "RegBits"),
        ("arvalid", "in", "1"), ("arready", "out", "1"),
        ("rdata", "out", "32"), ("rresp", "out", "2"), ("rvalid", "out", "1"),
        ("rready", "in", "1")]
AXI = [("arid", "out", "1"), ("araddr", "out", "PaBits"),
       ("arlen", "out", "8"), ("arsize", "out", "3"), ("arburst", "out", "2"),
       ("arvalid", "out", "1"), ("arready", "in", "1"), ("rid", "in", "1"),
       ("rdata", "in", "DataBits"), ("rresp", "in", "2"), ("rlast", "in", "1"),
       ("rvalid", "in", "1"), ("rready", "out", "1"),
       ("awaddr", "out", "PaBits"), ("awlen", "out", "8"),
       ("awsize", "out", "3"), ("awburst", "out", "2"),
       ("awvalid", "out", "1"), ("awready", "in", "1"),
       ("wdata", "out", "DataBits"), ("wstrb", "out", "DataBits/8"),
       ("wlast", "out", "1"), ("wvalid", "out", "1"), ("wready", "in", "1"),
       ("bresp", "in", "2"), ("bvalid", "in", "1"), ("bready", "out", "1")]


def wrapper(p):
    board = p["board"]["name"]
    mod = f"mxa_{ident(board)}_ip"
    prm = board_preset.params(p)
    ports, conns = [], []
    for bus, sigs in (("s_axi", AXIL), ("m_axi", AXI)):
        top = "s_axil" if bus == "s_axi" else "m_axi"
        for name, d, w in sigs:
            rng = "" if w == "1" else f"[{w}-1:0] "
            ports.append(f"  {'input ' if d == 'in' else 'output'} wire "
                         f"{rng}{bus}_{name}")
            conns.append(f"    .{top}_{name}_{'i' if d == 'in' else 'o'}"
                         f"({bus}_{name})")
    plist = ",\n".join(f"    .{k}({v})" for k, v in prm.items())
    return f"""// SPDX-License-Identifier: MIT
// {mod}.v - mxa_top as the IP of the {board} block design, with the
// parameters of hw/boards/{board}.toml. Generated by
// scripts/gen_board_vivado.py: edit the preset, not this file.
// Plain Verilog with the port names Vivado's IP packager infers AXI
// interfaces from (s_axi_*, m_axi_*), and the attributes that make clk,
// rst_n and irq its clock, reset and interrupt.
module {mod} #(
  parameter integer RegBits  = 12,
  parameter integer PaBits   = {prm['PaBits']},
  parameter integer DataBits = {prm['DataBits']}
) (
  (* X_INTERFACE_INFO = "xilinx.com:signal:clock:1.0 clk CLK" *)
  (* X_INTERFACE_PARAMETER = "ASSOCIATED_BUSIF s_axi:m_axi, ASSOCIATED_RESET rst_n" *)
  input  wire clk,
  (* X_INTERFACE_INFO = "xilinx.com:signal:reset:1.0 rst_n RST" *)
  (* X_INTERFACE_PARAMETER = "POLARITY ACTIVE_LOW" *)
  input  wire rst_n,
  (* X_INTERFACE_INFO = "xilinx.com:signal:interrupt:1.0 irq INTERRUPT" *)
  (* X_INTERFACE_PARAMETER = "SENSITIVITY LEVEL_HIGH" *)
  output wire irq,
{",".join(chr(10) + x for x in ports)[1:]}
);

  mxa_top #(
{plist}
  ) u_mxa (
    .clk_i(clk),
    .rst_ni(rst_n),
    .irq_o(irq),
{",{}".format(chr(10)).join(conns)}
  );

endmodule
"""


def rtl_files():
    with open(os.path.join(ROOT, "hw/rtl/mxa_top.f")) as f:
        return [os.path.join(ROOT, x.strip()) for x in f if x.strip()]


def package_ip_tcl(p):
    board = p["board"]["name"]
    mod = f"mxa_{ident(board)}_ip"
    files = " \\\n\t".join(rtl_files())
    return f"""# package_ip.tcl - mxa_top with the {board} preset's parameters as a
# Vivado IP in ip/ (generated by scripts/gen_board_vivado.py).
create_project -force {mod} ip_project -part $part
add_files -norecurse [list \\
\t{files} \\
\t[file normalize src/{mod}.v]]
set_property file_type SystemVerilog [get_files *.sv]
set_property top {mod} [current_fileset]
update_compile_order -fileset sources_1
# The AXI interfaces come from the port names, clock, reset and interrupt
# from the top's X_INTERFACE attributes.
ipx::package_project -root_dir ip -vendor mxa.org -library mxa \\
\t-taxonomy /UserIP -import_files -set_current true
set core [ipx::current_core]
set_property name mxa_{ident(board)} $core
set_property display_name "mxa ({board})" $core
set_property version 1.0 $core
ipx::associate_bus_interfaces -busif s_axi -clock clk $core
ipx::associate_bus_interfaces -busif m_axi -clock clk $core
ipx::create_xgui_files $core
ipx::update_checksums $core
ipx::check_integrity $core
ipx::save_core $core
close_project
"""


def block_design_tcl(p):
    board = p["board"]["name"]
    soc = p["fpga"]["soc"]
    ps = PS[soc]
    bd = p["block_design"]
    preset = ('apply_board_preset "1"' if soc == "zynqmp"
              else 'make_external "FIXED_IO, DDR" apply_board_preset "1"')
    no_board = ("" if soc == "zynqmp" else """
} else {
\t# The Zynq-7000 PS has DDR and MIO pins of its own.
\tapply_bd_automation -rule %s \\
\t\t-config {make_external "FIXED_IO, DDR" apply_board_preset "0"} $ps""" % ps["rule"])
    return f"""# block_design.tcl - the {board} block design (generated by
# scripts/gen_board_vivado.py from hw/boards/{board}.toml).
create_project -force mxa_{ident(board)} project -part $part
if {{$board_part ne ""}} {{
\tset_property board_part $board_part [current_project]
}}
set_property ip_repo_paths [file normalize ip] [current_project]
update_ip_catalog
create_bd_design mxa_bd

# The PS: with the board's files installed, its DDR and MIO settings first.
set ps [create_bd_cell -type ip -vlnv {ps['vlnv']} ps]
if {{$board_part ne ""}} {{
\tapply_bd_automation -rule {ps['rule']} -config {{{preset}}} $ps{no_board}
}}
set_property -dict [list {ps_config(p)}] $ps

set mxa [create_bd_cell -type ip -vlnv mxa.org:mxa:mxa_{ident(board)}:1.0 mxa]
set rst [create_bd_cell -type ip -vlnv xilinx.com:ip:proc_sys_reset rst]
# The register port: the PS master's AXI4 to mxa's AXI4-Lite (and its
# width to 32 bits). The DMA master: mxa's AXI4 to the HP port.
set sc_reg [create_bd_cell -type ip -vlnv xilinx.com:ip:smartconnect sc_reg]
set_property -dict [list CONFIG.NUM_SI {{1}} CONFIG.NUM_MI {{1}}] $sc_reg
set sc_mem [create_bd_cell -type ip -vlnv xilinx.com:ip:smartconnect sc_mem]
set_property -dict [list CONFIG.NUM_SI {{1}} CONFIG.NUM_MI {{1}}] $sc_mem

connect_bd_intf_net [get_bd_intf_pins ps/{bd['reg_port']}] [get_bd_intf_pins sc_reg/S00_AXI]
connect_bd_intf_net [get_bd_intf_pins sc_reg/M00_AXI] [get_bd_intf_pins mxa/s_axi]
connect_bd_intf_net [get_bd_intf_pins mxa/m_axi] [get_bd_intf_pins sc_mem/S00_AXI]
connect_bd_intf_net [get_bd_intf_pins sc_mem/M00_AXI] [get_bd_intf_pins ps/{bd['mem_port']}]

# One clock, the PS's {bd['clock_port']} at {p['clock']['target_mhz']} MHz, for everything.
connect_bd_net [get_bd_pins ps/{bd['clock_port']}] [get_bd_pins mxa/clk] \\
\t[get_bd_pins sc_reg/aclk] [get_bd_pins sc_mem/aclk] \\
\t[get_bd_pins ps/{ps['master_clk']}] [get_bd_pins ps/{ps['slave_clk']}] \\
\t[get_bd_pins rst/slowest_sync_clk]
connect_bd_net [get_bd_pins ps/{bd['reset_port']}] [get_bd_pins rst/ext_reset_in]
connect_bd_net [get_bd_pins rst/peripheral_aresetn] [get_bd_pins mxa/rst_n]
connect_bd_net [get_bd_pins rst/interconnect_aresetn] \\
\t[get_bd_pins sc_reg/aresetn] [get_bd_pins sc_mem/aresetn]
# The interrupt: bit 0 of {bd['irq_port']}, GIC SPI {bd['irq_gic_spi']}.
connect_bd_net [get_bd_pins mxa/irq] [get_bd_pins ps/{bd['irq_port']}]

# The register window where the overlay and the driver look for it; then
# every PS memory segment the HP port reaches for the DMA master.
assign_bd_address -offset {bd['reg_base']:#010x} -range {bd['reg_size']:#x} \\
\t-target_address_space [get_bd_addr_spaces ps/{ps['data_space']}] \\
\t[get_bd_addr_segs -of_objects [get_bd_intf_pins mxa/s_axi]] -force
assign_bd_address

validate_bd_design
save_bd_design
make_wrapper -files [get_files mxa_bd.bd] -top -import
set_property top mxa_bd_wrapper [current_fileset]
add_files -fileset constrs_1 -norecurse [file normalize mxa_{board}.xdc]
update_compile_order -fileset sources_1
"""


def implement_tcl(p):
    board = p["board"]["name"]
    arch = "zynqmp" if p["fpga"]["soc"] == "zynqmp" else "zynq"
    binname = gen_board_dtso.bitstream_name(board)
    return f"""# implement.tcl - synthesis, implementation and the {board} bitstream
# (generated by scripts/gen_board_vivado.py). Leaves in this folder:
#   mxa-{board}.bit           the bitstream
#   {binname}       the same as fpga_manager loads it (bootgen)
#   mxa-{board}.xsa           the hardware platform (PetaLinux, device tree)
#   utilization.rpt, timing.rpt
launch_runs impl_1 -to_step write_bitstream -jobs 4
wait_on_run impl_1
if {{[get_property PROGRESS [get_runs impl_1]] ne "100%"}} {{
\terror "implementation of mxa_{board} did not finish: see project/"
}}
open_run impl_1
report_utilization -file utilization.rpt
report_timing_summary -file timing.rpt
# A negative worst slack means the clock of the preset is too fast.
if {{[get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -setup]] < 0}} {{
\tputs "WARNING: mxa_{board} misses timing at the preset's clock: see timing.rpt"
}}
set bit [lindex [glob -nocomplain project/*.runs/impl_1/*.bit] 0]
if {{$bit eq ""}} {{
\terror "no bitstream in project/mxa_{ident(board)}.runs/impl_1"
}}
file copy -force $bit mxa-{board}.bit
write_hw_platform -fixed -include_bit -force -file mxa-{board}.xsa
# fpga_manager takes the bitstream without its header, byte-swapped: what
# bootgen -process_bitstream bin writes (mxa-{board}.bit.bin).
set bif [open mxa-{board}.bif w]
puts $bif "all:\\n{{\\n\\tmxa-{board}.bit\\n}}"
close $bif
if {{[auto_execok bootgen] ne ""}} {{
\texec bootgen -image mxa-{board}.bif -arch {arch} -process_bitstream bin -w
}} else {{
\tputs "bootgen not found: run 'bootgen -image mxa-{board}.bif -arch {arch} -process_bitstream bin' for {binname}"
}}
"""


def build_tcl(p):
    board = p["board"]["name"]
    return f"""# build.tcl - the {board} bitstream of mxa from hw/boards/{board}.toml
# (generated by scripts/gen_board_vivado.py; make vivado BOARD={board}).
# Run in this folder: vivado -mode batch -source build.tcl
set part {p['fpga']['part']}
# The board's files are optional: without them the PS keeps the part's
# defaults, which does not matter to a bitstream loaded under Linux.
set board_part ""
if {{[llength [get_board_parts -quiet {p['fpga']['board_part']}]]}} {{
\tset board_part {p['fpga']['board_part']}
}}
source package_ip.tcl
source block_design.tcl
source implement.tcl
"""


def xdc(p):
    board = p["board"]["name"]
    return f"""# mxa_{board}.xdc - constraints of the {board} design (generated by
# scripts/gen_board_vivado.py). The only clock is the PS's
# {p['block_design']['clock_port']}, which the PS IP constrains itself
# ({p['clock']['target_mhz']} MHz); the design has no pins of its own.
set_property BITSTREAM.GENERAL.COMPRESS TRUE [current_design]
"""


def main(argv):
    board, p, out = board_preset.load_for("gen_board_vivado", __doc__, argv)
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    files = {
        f"src/mxa_{ident(board)}_ip.v": wrapper(p),
        f"mxa_{board}.xdc": xdc(p),
        "package_ip.tcl": package_ip_tcl(p),
        "block_design.tcl": block_design_tcl(p),
        "implement.tcl": implement_tcl(p),
        "build.tcl": build_tcl(p),
    }
    for name, text in files.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
