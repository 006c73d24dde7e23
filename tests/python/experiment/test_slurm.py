"""A sweep through a real one-node Slurm cluster (tests/python/slurm_cluster.sh):
the points run as a job array, write the shared cache, and the submitting
run gathers them; a rerun submits nothing."""
import csv
import os
import subprocess

import pytest

from conftest import ROOT, SMALL, env, need_package

CLUSTER = os.path.join(ROOT, "tests", "python", "slurm_cluster.sh")


@pytest.fixture
def slurm(tmp_path):
    d = tmp_path / "cluster"
    r = subprocess.run([CLUSTER, "start", str(d)], capture_output=True, text=True)
    if r.returncode == 77:
        pytest.skip(r.stderr.strip().splitlines()[-1])
    try:
        assert r.returncode == 0, r.stderr
        conf = r.stdout.strip().rsplit("=", 1)[1]
        yield conf
    finally:
        subprocess.run([CLUSTER, "stop", str(d)], capture_output=True)


def test_sweep_through_a_slurm_job_array(tmp_path, slurm):
    need_package()
    p = tmp_path / "small.toml"
    p.write_text(SMALL)
    out = tmp_path / "out"
    e = env()
    e["SLURM_CONF"] = slurm
    cmd = [os.environ.get("PYTHON", "/usr/bin/python3"), "-m", "mxa.experiment",
           "run", str(p), "--slurm", "-j", "3", "--out", str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "submitted Slurm job array" in r.stdout and "(3 tasks)" in r.stdout
    logs = sorted(os.listdir(out / "slurm"))
    assert [n for n in logs if n.startswith("task-")] == ["task-0.log", "task-1.log",
                                                         "task-2.log"]
    done = sum((out / "slurm" / n).read_text().count("done ") for n in logs
               if n.startswith("task-"))
    assert done == 8   # every point computed once, by one of the tasks
    with open(out / "results.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 8 and all(r["status"] == "ok" for r in rows)
    assert {r["cost_source"] for r in rows} == {"rtl", "model"}
    # resumed like a local run: nothing left to submit
    r = subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "8 points, 8 cached, 0 to compute" in r.stdout
    assert "submitted" not in r.stdout
