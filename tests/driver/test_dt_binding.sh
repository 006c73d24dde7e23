#!/bin/sh
# SPDX-License-Identifier: MIT
# The device-tree binding docs/bindings/mxa.yaml, checked as the kernel's
# `make dt_binding_check` checks one (Debian's dt-schema and dtc):
#   1. dt-doc-validate: the binding against dt-schema's meta-schemas;
#   2. its example, extracted (dt-extract-example), preprocessed with the
#      kernel's dt-bindings headers (from the newest installed
#      linux-headers-*-common) and compiled with dtc, validated with
#      dt-validate against the processed schemas, the core ones and this
#      one;
#   3. the same example with a property the binding does not allow must
#      be refused: the validation really reaches the mxa node.
# dt-validate reports problems on its output with exit status 0, so any
# output fails the test. Exit 77 when a tool or the headers are missing.
set -u

build=${MXA_BUILD:-build}
bindings=docs/bindings
binding=$bindings/mxa.yaml

for tool in dt-doc-validate:dt-schema dt-mk-schema:dt-schema \
	dt-extract-example:dt-schema dt-validate:dt-schema \
	dtc:device-tree-compiler cpp:cpp; do
	command -v "${tool%%:*}" >/dev/null || {
		echo "skipped: ${tool%%:*} not found (Debian package ${tool#*:})"
		exit 77
	}
done
inc=$(find /usr/src -maxdepth 2 -path "/usr/src/linux-headers-*-common/include" 2>/dev/null | sort -V | tail -n 1)
if [ -z "$inc" ] || [ ! -d "$inc/dt-bindings" ]; then
	echo "skipped: no kernel dt-bindings headers (Debian package linux-headers-amd64)"
	exit 77
fi

dir=$build/driver/dt-binding
rm -rf "$dir"
mkdir -p "$dir"
fail=0

# 1. The binding against the meta-schemas.
if ! out=$(dt-doc-validate -u "$bindings" "$binding" 2>&1) || [ -n "$out" ]; then
	echo "dt-doc-validate $binding:"
	echo "$out"
	fail=1
fi

# Compiles the example of binding $1 to $2.dtb; the kernel's flags for
# examples, whose wrapper node has cells but no reg.
example_dtb() {
	dt-extract-example "$1" >"$2.dts" &&
		cpp -nostdinc -I "$inc" -undef -D__DTS__ \
			-x assembler-with-cpp "$2.dts" >"$2.pp.dts" &&
		dtc -q -Wno-avoid_unnecessary_addr_size -Wno-interrupt_provider \
			-I dts -O dtb -o "$2.dtb" "$2.pp.dts"
}

# 2. The example against the processed schemas.
if ! dt-mk-schema -j "$bindings" >"$dir/schema.json" 2>"$dir/mk.err"; then
	echo "dt-mk-schema $bindings:"
	cat "$dir/mk.err"
	exit 1
fi
if ! example_dtb "$binding" "$dir/example"; then
	echo "the example of $binding does not compile"
	exit 1
fi
out=$(dt-validate -s "$dir/schema.json" "$dir/example.dtb" 2>&1)
if [ -n "$out" ]; then
	echo "dt-validate of the example:"
	echo "$out"
	fail=1
fi

# 3. A property the binding does not allow must be refused.
sed 's/^\( *\)compatible = "mxa,mxa-1.0";/&\n\1mxa-not-a-property = <1>;/' \
	"$binding" >"$dir/bad.yaml"
grep -q 'mxa-not-a-property' "$dir/bad.yaml" || {
	echo "could not add a property to the example of $binding"
	exit 1
}
example_dtb "$dir/bad.yaml" "$dir/bad" || exit 1
out=$(dt-validate -s "$dir/schema.json" "$dir/bad.dtb" 2>&1)
case $out in
*"mxa-not-a-property"*) ;;
*)
	echo "dt-validate accepted a property the binding does not allow: ${out:-no output}"
	fail=1
	;;
esac

[ $fail -eq 0 ] && echo "$binding and its example validate ($(dt-doc-validate --version 2>/dev/null || echo dt-schema))"
exit $fail
