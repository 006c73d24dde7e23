#!/bin/bash
# SPDX-License-Identifier: MIT
# test_guest_runner.sh - tests/qemu/run-guest.sh against a stand-in for
# qemu-system-x86_64 that writes prepared consoles: a guest that passes;
# one whose kernel dies before its first test (booted once more, and the
# second boot decides); one that dies so twice (fails); one that dies during
# a test (fails, never booted again); a test that fails; a kernel warning;
# an arm64 guest, booted by qemu-system-aarch64 as a virt machine with its
# console on the PL011; the board-like arm64 guest, booted by the QEMU with
# the mxa device and the model named, skipped when that QEMU is missing.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
series=6.1
ls -d /usr/src/linux-headers-$series.*-amd64 >/dev/null 2>&1 || {
	echo "skipped: no linux-headers-$series.*-amd64: run-guest.sh stops before booting"
	exit 77
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/build/qemu/$series" "$work/build/qemu/arm64-$series"
for f in vmlinuz mxa.ko initramfs.cpio; do
	: >"$work/build/qemu/$series/$f"
	: >"$work/build/qemu/arm64-$series/$f"
done
echo "$series.0-0-amd64" >"$work/build/qemu/$series/krel"
echo "$series.0-0-arm64" >"$work/build/qemu/arm64-$series/krel"

# The stand-in: boot N writes console $work/console.N (or the last one).
cat >"$work/bin/qemu-system-x86_64" <<'EOF'
#!/bin/bash
n=$(($(cat "$WORK/boots" 2>/dev/null || echo 0) + 1))
echo "$n" >"$WORK/boots"
echo "$(basename "$0") $*" >"$WORK/command"
for a in "$@"; do
	case $a in file:*) log=${a#file:} ;; esac
done
c=$WORK/console.$n
[ -f "$c" ] || c=$(ls "$WORK"/console.* | sort -V | tail -n 1)
cp "$c" "$log"
EOF
chmod +x "$work/bin/qemu-system-x86_64"
ln -s qemu-system-x86_64 "$work/bin/qemu-system-aarch64"

good='mxa-qemu: plan 1
mxa-qemu: run test_a
mxa-qemu: result test_a PASS 1.0
mxa-qemu: kernel log begin
mxa-qemu: kernel log end
mxa-qemu: done'
died_booting='[    2.670000] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI
[    2.680000] Kernel panic - not syncing: Fatal exception in interrupt'
died_testing='mxa-qemu: plan 1
mxa-qemu: run test_a
[    5.000000] Oops: general protection fault: 0000 [#1] PREEMPT SMP NOPTI
[    5.010000] Kernel panic - not syncing: Fatal exception'
failed='mxa-qemu: plan 1
mxa-qemu: run test_a
a check failed
mxa-qemu: result test_a FAIL 1.0 1 check(s) failed
mxa-qemu: done'
warned='mxa-qemu: plan 1
mxa-qemu: run test_a
mxa-qemu: result test_a PASS 1.0
mxa-qemu: kernel log begin
[    4.000000] WARNING: CPU: 1 PID: 80 at drivers/accel/mxa/mxa_job.c:1 x
mxa-qemu: kernel log end
mxa-qemu: done'

failures=0
# case NAME WANT_RC WANT_BOOTS GREP CONSOLE... (the guest of $arch)
arch=amd64 transport=
case_() {
	local name=$1 want_rc=$2 want_boots=$3 want=$4 out rc boots i=1
	shift 4
	rm -f "$work"/console.* "$work/boots"
	for c in "$@"; do
		printf '%s\n' "$c" >"$work/console.$i"
		i=$((i + 1))
	done
	out=$(PATH="$work/bin:$PATH" WORK=$work MXA_BUILD=$work/build \
		"$top/tests/qemu/run-guest.sh" "$series" "$arch" $transport 2>&1)
	rc=$?
	boots=$(cat "$work/boots" 2>/dev/null || echo 0)
	if [ "$rc" != "$want_rc" ] || [ "$boots" != "$want_boots" ] ||
		! grep -q -- "$want" <<<"$out"; then
		echo "FAIL $name: exit $rc (want $want_rc), $boots boot(s) (want $want_boots), output:"
		sed 's/^/    /' <<<"$out"
		failures=$((failures + 1))
	else
		echo "ok   $name"
	fi
}

case_ "passes" 0 1 "1 passed, 0 failed" "$good"
case_ "dies booting, then passes" 0 2 "died before its first test started (Oops: int3" \
	"$died_booting" "$good"
case_ "dies booting twice" 1 2 "guest did not finish" "$died_booting" "$died_booting"
case_ "dies in a test" 1 1 "FAIL  test_a (did not finish)" "$died_testing" "$good"
case_ "a test fails" 1 1 "0 passed, 1 failed" "$failed"
case_ "kernel warning" 1 1 "forbidden line" "$warned"

arch=arm64
case_ "arm64 passes" 0 1 "$series.0-0-arm64: 1 passed, 0 failed" "$good"
for want in "^qemu-system-aarch64 " " -M virt " " -kernel $work/build/qemu/arm64-$series/vmlinuz " \
	"console=ttyAMA0 "; do
	if ! grep -q -- "$want" "$work/command"; then
		echo "FAIL arm64 command: no '$want' in: $(cat "$work/command")"
		failures=$((failures + 1))
	fi
done

arch=arm64 transport=platform
case_ "platform without its QEMU" 77 0 "qemu-system-aarch64-mxa missing" "$good"
mkdir -p "$work/build/sim/top-default"
: >"$work/build/sim/top-default/libmxa_sim.so"
ln -s "$work/bin/qemu-system-x86_64" "$work/build/qemu/qemu-system-aarch64-mxa"
case_ "platform passes" 0 1 "$series.0-0-arm64: 1 passed, 0 failed" "$good"
for want in "^qemu-system-aarch64-mxa " \
	" -M virt,mxa-model=$work/build/sim/top-default/libmxa_sim.so " \
	" mxa_transport=platform" "file:$work/build/qemu/arm64-$series/serial-platform.log"; do
	if ! grep -q -- "$want" "$work/command"; then
		echo "FAIL platform command: no '$want' in: $(cat "$work/command")"
		failures=$((failures + 1))
	fi
done

[ $failures -eq 0 ] || exit 1
echo "run-guest.sh: results, kernel reports and one boot more only for a guest that died before its tests"
