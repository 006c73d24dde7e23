#!/bin/sh
# SPDX-License-Identifier: MIT
# test_python - the mxa package's tests that use the DRM device
# (tests/python/package: test_drm_*), run with the guest's python3 against
# mxa.ko; tests/qemu/stage-python.sh put python3, NumPy, pytest, the
# package and the trained digits model into the initramfs. A test that
# cannot open the device fails here (MXA_TEST_DRM=required) instead of
# skipping.
#
# NumPy's AVX2 loops crash under QEMU 7.2's TCG (np.maximum on float32
# arrays segfaults in the x86-64 guests; with `-cpu max,-avx2` it does
# not), so NumPy is told to leave them out there. libmxa's own kernels
# choose their instruction set by themselves and are not affected.
py=/usr/bin/python3
if [ ! -x "$py" ]; then
	echo "test_python: no python3 in the initramfs (stage-python.sh said why when make qemu built it: no python3-numpy or python3-pytest, or for arm64 no libpython3-stdlib:arm64)"
	exit 77
fi
# libmxa came along under its soname (mkinitramfs.sh).
for lib in /usr/local/lib/libmxa.so.*; do MXA_LIBRARY=$lib; done
export MXA_LIBRARY MXA_BUILD=/opt/mxa/build \
	MXA_TEST_DRM=required PYTHONPATH=/opt/mxa/repo/python \
	PYTHONDONTWRITEBYTECODE=1 HOME=/tmp
[ "$(uname -m)" = x86_64 ] && export NPY_DISABLE_CPU_FEATURES=AVX2
cd /opt/mxa/repo || exit 1

"$py" -m pytest -q -p no:cacheprovider -rs -k drm \
	tests/python/package/test_device.py \
	tests/python/package/test_digits.py >/tmp/pytest.out 2>&1
rc=$?
cat /tmp/pytest.out
if [ $rc -ne 0 ]; then
	echo "test_python: pytest failed ($rc)"
	exit 1
fi
if grep -q ' skipped' /tmp/pytest.out; then
	echo "test_python: $(grep -m 1 '^SKIPPED' /tmp/pytest.out)"
	exit 77
fi
echo "test_python: $(tail -n 1 /tmp/pytest.out)"
