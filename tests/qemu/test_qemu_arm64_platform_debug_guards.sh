#!/bin/sh
# test_qemu_arm64_platform_debug_guards.sh - the guards of the debug guest
# can fire: a boot of the debug kernel's board-like guest that runs only
# test_guards, whose module commits one deliberate bug of each class the
# kernel's checkers report (lockdep, sleeping in atomic context, UBSAN,
# debug objects, DMA-API debugging, hung tasks, soft lockups, KASAN,
# kmemleak). The guest runner must fail that run, naming a report of every
# class among the kernel's forbidden lines, and test_guards must have seen
# each report appear. Any other outcome (a pass, a guest that did not finish, a class
# the runner missed) fails this test.
build=${MXA_BUILD:-build}
out=$build/qemu/arm64-debug/guards.out
MXA_QEMU_TESTS=test_guards MXA_QEMU_LOG=serial-guards.log \
	MXA_QEMU_APPEND="swiotlb=65536,force ${MXA_QEMU_APPEND:-}" \
	"$(dirname "$0")/run-guest.sh" debug arm64 platform >"$out"
rc=$?
cat "$out"
[ $rc -eq 77 ] && exit 77
echo "----"
if [ $rc -eq 0 ]; then
	echo "the runner passed a run full of the checkers' reports"
	exit 1
fi
fail=0
grep -q 'guest did not finish' "$out" && {
	echo "the guest did not finish"
	fail=1
}
# The classes and their reports: test_guards' own list.
classes=$(sed -n "/^done <<'CLASSES'$/,/^CLASSES$/p" \
	"$(dirname "$0")/guest/test_guards.sh" | sed '1d;$d')
n=$(echo "$classes" | wc -l)
[ "$n" -ge 9 ] || { echo "no list of classes in test_guards.sh"; exit 1; }
grep -q "^    | guards: $n of $n checkers reported" "$out" || {
	echo "test_guards did not see every checker report"
	fail=1
}
echo "$classes" | {
	fail=0
	while read -r class report; do
		if grep -q -E "^kernel: .*($report)" "$out"; then
			echo "$class: the runner failed the run on its report"
		else
			echo "$class: no \"$report\" among the runner's forbidden lines"
			fail=1
		fi
	done
	exit $fail
} || fail=1
exit $fail
