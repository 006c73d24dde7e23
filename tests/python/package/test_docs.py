# SPDX-License-Identifier: MIT
"""The examples of docs/python.md, run as doctests in order: every ```pycon
block; blocks after <!-- requires: sim --> need the min simulation model."""
import doctest
import re

import numpy as np
import pytest

from conftest import REPO, sim_model

BLOCK = re.compile(r"(<!-- requires: (\w+) -->\n)?```pycon\n(.*?)```",
                   re.S)


def blocks():
    text = (REPO / "docs" / "python.md").read_text()
    return [(m.group(2), m.group(3), text[:m.start()].count("\n") + 1)
            for m in BLOCK.finditer(text)]


def run(with_sim, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs = {}
    ran = 0
    for needs, code, line in blocks():
        if needs == "sim" and not with_sim:
            continue
        test = parser.get_doctest(code, globs, f"docs/python.md:{line}",
                                  "docs/python.md", line)
        with np.printoptions(legacy=False):
            result = runner.run(test, clear_globs=False)
        assert not result.failed, f"docs/python.md block at line {line}"
        globs = test.globs      # DocTest works on a copy: carry it on
        ran += 1
    return ran


def test_examples(tmp_path, monkeypatch):
    pytest.importorskip("sklearn", reason="the digits example needs "
                        "python3-sklearn")
    assert run(False, tmp_path, monkeypatch) >= 10


def test_examples_with_sim(tmp_path, monkeypatch):
    pytest.importorskip("sklearn", reason="the digits example needs "
                        "python3-sklearn")
    if not sim_model("min").exists():
        pytest.skip(f"simulation model {sim_model('min')} absent "
                    "(make sim-top)")
    assert sum(b[0] == "sim" for b in blocks()) == 1
    run(True, tmp_path, monkeypatch)


def test_readme_example(tmp_path, monkeypatch):
    """The interactive example of the README's section "Python"."""
    if not sim_model("min").exists():
        pytest.skip(f"simulation model {sim_model('min')} absent "
                    "(make sim-top)")
    text = (REPO / "README.md").read_text()
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    lines = [ln[4:] if ln.startswith("    ") else "" for ln in
             section.splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith(">>>"))
    end = next(i for i in range(start, len(lines)) if lines[i] == "")
    code = "\n".join(lines[start:end]) + "\n"
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(code, {}, "README.md",
                                               "README.md", 0)
    assert len(test.examples) >= 4
    result = doctest.DocTestRunner().run(test)
    assert not result.failed
