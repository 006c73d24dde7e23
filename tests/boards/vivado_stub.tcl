# vivado_stub.tcl - runs a generated Vivado project (build.tcl of
# scripts/gen_board_vivado.py) in plain tclsh, with every Vivado command
# stubbed, and writes each call with its arguments to a log, one a line:
#   tclsh vivado_stub.tcl PROJECT_DIR LOG
# The scripts must parse and run to their end as Tcl; a command Vivado has
# (create_bd_cell, ipx::package_project, ...) is recorded and returns its
# own call as a list, so that a nested call shows in the log of the command
# around it: connect_bd_net {get_bd_pins mxa/irq} {get_bd_pins ps/pl_ps_irq0}.
# Tcl's own commands (set, if, file, open, ...) run for real. The tests of
# tests/boards/ read the log.
lassign $argv dir logfile
set log [open $logfile w]

proc unknown {args} {
	puts $::log $args
	return $args
}
# The few results the scripts test: a finished run with positive slack.
proc get_property {name args} {
	puts $::log [concat get_property $name $args]
	switch -- $name {
		PROGRESS { return "100%" }
		SLACK { return 1.0 }
	}
	return ""
}

cd $dir
# What Vivado's implementation leaves, for the script's copy of it.
file mkdir project/stub.runs/impl_1
close [open project/stub.runs/impl_1/stub.bit w]
source build.tcl
puts $log "END"
close $log
