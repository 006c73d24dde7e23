# SPDX-License-Identifier: MIT
"""Where `import mxa` finds libmxa: $MXA_LIBRARY, $MXA_BUILD/lib, the build
tree beside the package, the system's."""
import os
import subprocess

from conftest import BUILD, REPO

PRINT = "import mxa; print(mxa.library_path)"


def run(**env):
    e = {k: v for k, v in os.environ.items()
         if k not in ("MXA_LIBRARY", "MXA_BUILD")}
    e.update(env, PYTHONPATH=str(REPO / "python"))
    return subprocess.run(["/usr/bin/python3", "-c", PRINT], env=e,
                          capture_output=True, text=True, cwd="/")


def test_search_order(tmp_path):
    lib = str(BUILD / "lib" / "libmxa.so")
    r = run(MXA_LIBRARY=lib)
    assert r.returncode == 0 and r.stdout.strip() == lib
    r = run(MXA_BUILD=str(BUILD))
    assert r.returncode == 0 and r.stdout.strip() == lib
    tree = REPO / "build" / "lib" / "libmxa.so"
    if tree.exists():       # (a build elsewhere, BUILD=..., may have none)
        r = run()
        assert r.returncode == 0 and r.stdout.strip() == str(tree)
        # MXA_BUILD without a library goes on to the build tree.
        r = run(MXA_BUILD=str(tmp_path))
        assert r.returncode == 0 and r.stdout.strip() == str(tree)
    # A library named but absent: an ImportError that says what was tried.
    r = run(MXA_LIBRARY=str(tmp_path / "none.so"))
    assert r.returncode != 0
    assert "libmxa not found: tried " + str(tmp_path / "none.so") in r.stderr
