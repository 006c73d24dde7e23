# SPDX-License-Identifier: MIT
"""GEMM lists: the loader and its errors, the shipped lists against the
model configurations, and a list run on a device."""
import numpy as np
import pytest

import mxa
from mxa import workloads


def test_shipped_lists_are_generated_from_the_configurations(tmp_path):
    workloads.write_shipped(tmp_path)
    shipped = workloads.shipped()
    assert sorted(shipped) == sorted(workloads.MODELS)
    for name, path in shipped.items():
        assert path.read_text() == (tmp_path / f"{name}.csv").read_text(), \
            f"{path} is stale: python3 -m mxa.workloads write {path.parent}"


@pytest.mark.parametrize("key,params", [
    # Parameters (within 1%) and GEMM counts of the public models.
    ("llama3_8b", 8.03e9), ("mistral_7b", 7.24e9), ("bert_base", 110e6),
    ("gpt2", 124e6)])
def test_model_lists(key, params):
    m = workloads.MODELS[key]
    gemms = workloads.load_gemm_csv(workloads.shipped()[key])
    per_layer = {"llama": 7, "bert": 6, "gpt2": 4}[m.kind]
    assert len(gemms) == m.layers * per_layer + 1
    assert all(g.m == m.tokens for g in gemms if g.name != "pooler.dense")
    # Linear weights + token embeddings (+ the untied head of Llama and
    # Mistral; BERT's position and type embeddings and every norm and bias
    # are small) against the published parameter count.
    weights = sum(g.n * g.k for g in gemms)
    emb = m.vocab * m.hidden
    total = weights + (emb if m.kind in ("llama", "bert") else 0)
    assert abs(total - params) / params < 0.01, total
    text = workloads.shipped()[key].read_text()
    assert m.source.split()[0] in text and f"{m.tokens} tokens" in text


def test_llama_shapes():
    g = {x.name: x for x in workloads.model_gemms("llama3_8b", seq_len=16)}
    assert g["layers.0.self_attn.k_proj"] == workloads.Gemm(
        "layers.0.self_attn.k_proj", 16, 1024, 4096)    # 8 kv heads of 128
    assert g["layers.31.mlp.down_proj"].k == 14336
    assert g["lm_head"].n == 128256


def test_scalesim_files_and_round_trip(tmp_path):
    # As SCALE-Sim writes them: no comments, trailing commas, spaces.
    text = "Layer, M, N, K,\nQKT, 1024, 1024, 64,\nFF1,1024,3072,768\n"
    gemms = workloads.parse_gemm_csv(text)
    assert gemms == [workloads.Gemm("QKT", 1024, 1024, 64),
                     workloads.Gemm("FF1", 1024, 3072, 768)]
    p = tmp_path / "plain.csv"
    workloads.write_gemm_csv(gemms, p)
    assert p.read_text().splitlines()[0] == "Layer,M,N,K"
    assert not any(line.startswith("#") for line in p.read_text().splitlines())
    assert workloads.load_gemm_csv(p) == gemms


@pytest.mark.parametrize("text,msg", [
    ("Name,A,B,C\nx,1,2,3\n", r"<text>:1: header 'Name,A,B,C'"),
    ("# c\nLayer,M,N,K\nx,1,2\n", r"<text>:3: 3 fields: expected 4"),
    ("Layer,M,N,K\n\nx,1,2,3\ny,1,two,3\n", r"<text>:4: N = 'two': not an"),
    ("Layer,M,N,K\nx,1,0,3\n", r"<text>:2: N = 0: must be at least 1"),
    ("Layer,M,N,K\n,1,2,3\n", r"<text>:2: empty layer name"),
    ("# only a comment\n", "no header line"),
])
def test_errors_name_the_line(text, msg):
    with pytest.raises(mxa.Error, match=msg):
        workloads.parse_gemm_csv(text)


def test_missing_file(tmp_path):
    with pytest.raises(mxa.Error, match="No such file"):
        workloads.load_gemm_csv(tmp_path / "none.csv")


def test_a_list_on_a_device(emu):
    """Every GEMM of a list scaled down runs as a job of its shape."""
    gemms = workloads.model_gemms("gpt2", seq_len=4)[:4]
    rng = np.random.default_rng(3)
    recipe = mxa.Recipe("e4m3", "e2m1", scale="mx")
    for g in gemms:
        a = mxa.data.generate("llm_activations", (g.m, g.k), 1)
        b = rng.standard_normal((g.k, g.n)).astype(np.float32)
        d = emu.matmul_float(a, b, recipe).d
        assert d.shape == (g.m, g.n) and np.isfinite(d).all()
