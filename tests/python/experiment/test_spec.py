"""Experiment files: every mistake is reported with its line, and nothing runs."""
import os

import pytest

from conftest import SMALL, run_cli

from mxa.experiment import spec


def _load(tmp_path, text):
    p = tmp_path / "e.toml"
    p.write_text(text)
    return spec.load(str(p))


def _error(tmp_path, text):
    with pytest.raises(spec.SpecError) as ei:
        _load(tmp_path, text)
    return ei.value


def _line_of(text, needle):
    for no, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return no
    raise AssertionError(needle)


def test_small_expands_to_its_product(tmp_path):
    exp = _load(tmp_path, SMALL)
    # 2 shapes x 2 formats x 2 scales x 1 configuration
    assert len(exp.points) == 8
    assert len({p.key for p in exp.points}) == 8
    assert sorted({p.simulate for p in exp.points}) == [False, True]
    assert {p.shape.k for p in exp.points if p.simulate} == {64}


def test_keys_are_stable_and_depend_on_parameters(tmp_path):
    a = _load(tmp_path, SMALL).points
    b = _load(tmp_path, SMALL).points
    assert [p.key for p in a] == [p.key for p in b]
    c = _load(tmp_path, SMALL.replace("seed = 7", "seed = 8")).points
    assert not {p.key for p in a} & {p.key for p in c}


def test_a_change_of_the_rtl_recomputes_only_the_points_that_use_it(
        tmp_path, monkeypatch):
    a = _load(tmp_path, SMALL).points
    keys = [p.key for p in a]
    monkeypatch.setattr(spec, "sources_hash", lambda: "another rtl")
    b = _load(tmp_path, SMALL).points
    assert any(p.simulate for p in a) and any(not p.simulate for p in a)
    for pa, key, pb in zip(a, keys, b):
        assert (key != pb.key) == (pa.simulate or pa.area), pa.params()


def test_syntax_error_has_its_line(tmp_path):
    text = SMALL.replace('scale = ["mx", "nv"]', 'scale = ["mx", "nv"')
    e = _error(tmp_path, text)
    # tomllib reports where it noticed the error: the unterminated list's line
    # or the next one
    assert e.line in (_line_of(text, 'scale = ["mx"'), _line_of(text, 'scale = ["mx"') + 1)


def test_unknown_format_in_a_list_spread_over_lines(tmp_path):
    text = SMALL.replace('formats = ["e4m3", "e2m1"]',
                         'formats = [\n  "e4m3",\n  "e9m9",\n]')
    e = _error(tmp_path, text)
    assert e.line == _line_of(text, '"e9m9"')
    assert "e9m9" in str(e) and "sweep.formats" in str(e)


@pytest.mark.parametrize("old,new,needle,words", [
    ('scale = ["mx", "nv"]', 'scale = ["mx", "mxx"]', "scale =", "'mxx' is not one of"),
    ('acc = "fp32"', 'acc = "fp16"', "acc =", "'fp16' is not one of"),
    ('rows = 2', 'rows = "two"', "rows =", "is not an integer"),
    ('cols = 1', 'cols = 1\ncolumns = 3', "columns =", "unknown key"),
    ('area = false', 'area = "no"', "area =", "not true or false"),
    ('m = 16', 'm = 0', "m = 0", "below 1"),
    ('a = "llm_activations"', 'a = "lognormal"', 'a = "lognormal"', "is not one of"),
    ('[sweep]', '[sweeps]', "[sweeps]", "unknown table"),
])
def test_semantic_errors_have_their_lines(tmp_path, old, new, needle, words):
    text = SMALL.replace(old, new)
    assert text != SMALL
    e = _error(tmp_path, text)
    assert e.line == _line_of(text, needle), str(e)
    assert words in str(e)


def test_missing_key_names_its_table(tmp_path):
    text = SMALL.replace('m = 16\n', '')
    e = _error(tmp_path, text)
    assert e.line == _line_of(text, "[[workload]]")
    assert "missing key 'm'" in str(e)


def test_invalid_combinations_are_excluded_with_a_reason(tmp_path):
    text = SMALL.replace('acc = "fp32"', 'acc = ["fp32", "exact"]')
    exp = _load(tmp_path, text)
    assert len(exp.points) == 8
    assert exp.excluded and all("exact" in why for _, why in exp.excluded)


def test_command_line_rejects_a_bad_file_and_writes_nothing(tmp_path):
    p = tmp_path / "bad.toml"
    text = SMALL.replace('rows = 2', 'rows = -2')
    p.write_text(text)
    out = tmp_path / "out"
    r = run_cli("run", str(p), "--out", str(out), check=False)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"bad.toml:{_line_of(text, 'rows = -2')}: hardware.rows:" in lines[0]
    assert not os.path.exists(out)


def test_the_tool_runs_the_runner(tmp_path):
    """`mxa experiment` is the same runner ($MXA: the tool under test)."""
    import subprocess
    tool = os.environ.get("MXA") or os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                                   "build", "bin", "mxa")
    if not os.path.exists(tool):
        pytest.skip(f"the mxa tool is not built ({tool})")
    p = tmp_path / "e.toml"
    p.write_text(SMALL)
    r = subprocess.run([tool, "experiment", "check", str(p)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "small: 8 points, 0 combinations excluded\n"
    p.write_text(SMALL.replace("m = 16", "m = 1.5"))
    r = subprocess.run([tool, "experiment", "run", str(p)], capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.startswith(f"mxa: experiment: {p}:{_line_of(SMALL, 'm = 16')}: ")


GEMM = """\
[[workload]]
name = "net"
type = "gemm"
topology = "TOPO"
layers = 2

[sweep]
formats = ["e4m3"]
"""


def test_gemm_workload_from_a_csv_next_to_the_file(tmp_path):
    (tmp_path / "net.csv").write_text("Layer,M,N,K\nfc1,128,256,512\nfc2,128,64,256\n"
                                      "fc3,1,1,1\n")
    exp = _load(tmp_path, GEMM.replace("TOPO", "net.csv"))
    assert [(p.shape.layer, p.shape.m, p.shape.n, p.shape.k) for p in exp.points] == [
        ("fc1", 128, 256, 512), ("fc2", 128, 64, 256)]
    # a modelled layer's accuracy is measured on a 64 x 64 corner by default
    assert {(p.shape.sample_m, p.shape.sample_n) for p in exp.points} == {(64, 64)}


def test_shipped_topology_and_a_missing_one(tmp_path):
    from mxa import workloads
    name = sorted(workloads.shipped())[0]
    exp = _load(tmp_path, GEMM.replace("TOPO", name))
    assert len(exp.points) == 2
    text = GEMM.replace("TOPO", "nosuch.csv")
    e = _error(tmp_path, text)
    assert e.line == _line_of(text, "topology =") and "neither a shipped topology" in str(e)
