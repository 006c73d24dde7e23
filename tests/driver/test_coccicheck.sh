#!/bin/sh
# SPDX-License-Identifier: MIT
# The driver is clean under Coccinelle's semantic patches of the kernel
# (scripts/coccinelle of Debian's linux-source-6.1, extracted once into
# $MXA_BUILD/driver/coccinelle), run as the kernel's `make coccicheck
# MODE=report M=...` runs them: each .cocci with -D report and its own
# "Options:", skipped when it "Requires:" a newer spatch; once with the
# include directories of each installed kernel's headers (6.1 and 6.12).
#
# spatch's notes about the semantic patches themselves ("warning: line N:
# should X be a metavariable?") are not about the driver and are dropped;
# any other output fails. First, a file with a pattern minmax.cocci
# reports must be reported: the run really reports what it finds.
# Exit 77 when spatch, the kernel source or the headers are missing.
set -u

. "$(dirname "$0")/kernels.sh"
dir=$BUILD_ABS/driver/coccinelle

command -v spatch >/dev/null || {
	echo "skipped: spatch not found (Debian package coccinelle)"
	exit 77
}
source_extract "$dir" scripts/coccinelle
version=$(spatch --version | sed -n 's/^spatch version \([0-9.]*\).*/\1/p')

# Runs every semantic patch over directory $1 with the include options
# that follow; prints what they report.
report() {
	d=$1
	shift
	find "$dir/scripts/coccinelle" -name '*.cocci' | sort | while read -r cocci; do
		opt=$(grep 'Options:' "$cocci" | cut -d: -f2)
		req=$(grep 'Requires:' "$cocci" | cut -d: -f2 | tr -d ' ')
		if [ -n "$req" ] && ! printf '%s\n%s\n' "$req" "$version" | sort -CV; then
			continue
		fi
		# shellcheck disable=SC2086 # the options split into words
		spatch -D report --no-show-diff --very-quiet --cocci-file "$cocci" \
			$opt --dir "$d" "$@" 2>&1 |
			grep -v '^warning: line [0-9]*: should .* be a metavariable?$'
	done
}

# The pipeline reports a pattern it is meant to find.
probe=$dir/probe
rm -rf "$probe"
mkdir -p "$probe"
cat >"$probe/probe.c" <<'EOF'
int probe_smaller(int a, int b)
{
	return a < b ? a : b;
}
EOF
case $(report "$probe") in
*"probe.c"*"min()"*) ;;
*)
	echo "coccicheck did not report min() in $probe/probe.c: the run reports nothing"
	exit 1
	;;
esac

fail=0
missing=
for series in $KERNEL_SERIES; do
	kdir=$(headers_of "$series")
	if [ -z "$kdir" ]; then
		missing="$missing linux-headers-$series.*-amd64"
		continue
	fi
	# Debian's arch headers include the common tree's Makefile.
	common=$(sed -n 's/^include \(.*\)\/Makefile$/\1/p' "$kdir/Makefile")
	out=$(report driver -I include -I "$common/include" \
		-I "$kdir/include" -I "$common/arch/x86/include" \
		-I "$kdir/arch/x86/include/generated")
	if [ -n "$out" ]; then
		echo "coccicheck against $kdir:"
		echo "$out"
		fail=1
	else
		echo "coccicheck against $kdir: clean"
	fi
done
series_end "$fail" "$missing" "the driver is clean under $(find "$dir/scripts/coccinelle" -name '*.cocci' | wc -l) semantic patches (spatch $version) against 6.1 and 6.12"
