# SPDX-License-Identifier: MIT
"""GEMM workloads: lists of (name, M, N, K) in SCALE-Sim's GEMM topology
CSV format, and the lists of the linear layers of public models.

The file format is SCALE-Sim's "mnk" topology file: a header line
`Layer,M,N,K` (any case, spaces allowed), then one line per GEMM
`name,M,N,K` (a trailing comma, as SCALE-Sim's own files sometimes have, is
accepted). M is the rows of A and D (tokens), N the columns of B and D
(output features), K the reduction (input features). mxa adds comment lines
starting with '#' (the model's parameters and their source); SCALE-Sim does
not read comments, so write_gemm_csv(..., comments=False) writes a file it
takes as it is.

The shipped lists (python/mxa/gemm/*.csv) are generated from MODELS below
by `python3 -m mxa.workloads write DIR`; a test checks that they match.
"""
import csv
import dataclasses
import io
import pathlib
import sys

from .errors import invalid

GEMM_DIR = pathlib.Path(__file__).resolve().parent / "gemm"


@dataclasses.dataclass(frozen=True)
class Gemm:
    """One GEMM: D (M x N) = A (M x K) x B (K x N)."""
    name: str
    m: int
    n: int
    k: int

    @property
    def macs(self):
        return self.m * self.n * self.k


def _parse(lines, where):
    gemms = []
    header = False
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = next(csv.reader([line]))
        cells = [c.strip() for c in cells]
        if cells and cells[-1] == "":
            cells = cells[:-1]               # SCALE-Sim's trailing comma
        if not header:
            if [c.lower() for c in cells] != ["layer", "m", "n", "k"]:
                raise invalid(f"{where}:{lineno}: header {line!r}: expected "
                              "'Layer,M,N,K' (SCALE-Sim's GEMM topology)")
            header = True
            continue
        if len(cells) != 4:
            raise invalid(f"{where}:{lineno}: {len(cells)} fields: expected "
                          "4 (name,M,N,K)")
        name, dims = cells[0], cells[1:]
        if not name:
            raise invalid(f"{where}:{lineno}: empty layer name")
        values = []
        for what, cell in zip("MNK", dims):
            try:
                v = int(cell)
            except ValueError:
                raise invalid(f"{where}:{lineno}: {what} = {cell!r}: not an "
                              "integer") from None
            if v < 1:
                raise invalid(f"{where}:{lineno}: {what} = {v}: must be at "
                              "least 1")
            values.append(v)
        gemms.append(Gemm(name, *values))
    if not header:
        raise invalid(f"{where}: no header line 'Layer,M,N,K'")
    return gemms


def load_gemm_csv(path):
    """The GEMMs of a SCALE-Sim GEMM topology CSV file (mxa.Error with the
    file and line number for anything else)."""
    path = pathlib.Path(path)
    try:
        text = path.read_text()
    except OSError as e:
        raise invalid(f"{path}: {e.strerror}") from None
    return _parse(text.splitlines(), str(path))


def parse_gemm_csv(text, where="<text>"):
    """The GEMMs of CSV text (as load_gemm_csv)."""
    return _parse(text.splitlines(), where)


def format_gemm_csv(gemms, comments=()):
    """CSV text of GEMMs: comment lines, header, one line per GEMM."""
    out = io.StringIO()
    for c in comments:
        out.write(f"# {c}\n")
    out.write("Layer,M,N,K\n")
    for g in gemms:
        out.write(f"{g.name},{g.m},{g.n},{g.k}\n")
    return out.getvalue()


def write_gemm_csv(gemms, path, comments=()):
    """Writes GEMMs to path; comments=() gives a plain SCALE-Sim file."""
    pathlib.Path(path).write_text(format_gemm_csv(gemms, comments))


def shipped():
    """The GEMM lists that come with mxa: model name -> path."""
    return {p.stem: p for p in sorted(GEMM_DIR.glob("*.csv"))}


# ------------------------------------------------------------------ models

@dataclasses.dataclass(frozen=True)
class Model:
    """The numbers of a transformer's configuration that set its linear
    layers, and where they come from."""
    name: str
    source: str
    kind: str                   # "llama" (gated MLP, GQA), "bert", "gpt2"
    hidden: int
    intermediate: int
    heads: int
    kv_heads: int
    layers: int
    vocab: int
    batch: int
    seq_len: int

    @property
    def tokens(self):
        return self.batch * self.seq_len

    def describe(self):
        return (f"hidden {self.hidden}, intermediate {self.intermediate}, "
                f"heads {self.heads}, kv heads {self.kv_heads}, layers "
                f"{self.layers}, vocab {self.vocab}")


MODELS = {
    "llama3_8b": Model(
        "Llama-3-8B",
        "https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/"
        "config.json (hidden_size, intermediate_size, num_attention_heads, "
        "num_key_value_heads, num_hidden_layers, vocab_size)",
        "llama", 4096, 14336, 32, 8, 32, 128256, batch=1, seq_len=2048),
    "mistral_7b": Model(
        "Mistral-7B",
        "https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/"
        "config.json (hidden_size, intermediate_size, num_attention_heads, "
        "num_key_value_heads, num_hidden_layers, vocab_size)",
        "llama", 4096, 14336, 32, 8, 32, 32000, batch=1, seq_len=2048),
    "bert_base": Model(
        "BERT-base",
        "https://huggingface.co/google-bert/bert-base-uncased/blob/main/"
        "config.json (hidden_size, intermediate_size, num_attention_heads, "
        "num_hidden_layers, vocab_size)",
        "bert", 768, 3072, 12, 12, 12, 30522, batch=1, seq_len=512),
    "gpt2": Model(
        "GPT-2",
        "https://huggingface.co/openai-community/gpt2/blob/main/config.json "
        "(n_embd, n_head, n_layer, vocab_size; n_inner null = 4 x n_embd)",
        "gpt2", 768, 3072, 12, 12, 12, 50257, batch=1, seq_len=1024),
}


def model_gemms(model, batch=None, seq_len=None):
    """The linear layers of a model (module names as in its Hugging Face
    implementation) for batch x seq_len tokens (M); attention's own
    products (QK^T, PV) are not linear layers and are not listed."""
    if isinstance(model, str):
        if model not in MODELS:
            raise invalid(f"model {model!r}: expected one of "
                          f"{', '.join(MODELS)}")
        model = MODELS[model]
    if batch is not None or seq_len is not None:
        model = dataclasses.replace(model, batch=batch or model.batch,
                                    seq_len=seq_len or model.seq_len)
    t, h, f = model.tokens, model.hidden, model.intermediate
    kv = h // model.heads * model.kv_heads
    gemms = []
    for i in range(model.layers):
        if model.kind == "llama":
            p = f"layers.{i}"
            rows = [("self_attn.q_proj", h, h), ("self_attn.k_proj", kv, h),
                    ("self_attn.v_proj", kv, h), ("self_attn.o_proj", h, h),
                    ("mlp.gate_proj", f, h), ("mlp.up_proj", f, h),
                    ("mlp.down_proj", h, f)]
        elif model.kind == "bert":
            p = f"encoder.layer.{i}"
            rows = [("attention.self.query", h, h),
                    ("attention.self.key", h, h),
                    ("attention.self.value", h, h),
                    ("attention.output.dense", h, h),
                    ("intermediate.dense", f, h), ("output.dense", h, f)]
        else:
            p = f"h.{i}"
            rows = [("attn.c_attn", 3 * h, h), ("attn.c_proj", h, h),
                    ("mlp.c_fc", f, h), ("mlp.c_proj", h, f)]
        gemms += [Gemm(f"{p}.{name}", t, n, k) for name, n, k in rows]
    if model.kind == "bert":
        # The pooler reads the first token of each sequence.
        gemms.append(Gemm("pooler.dense", model.batch, h, h))
    else:
        gemms.append(Gemm("lm_head", t, model.vocab, h))
    return gemms


def model_comments(key):
    m = MODELS[key]
    return [f"{m.name}: its linear layers for batch {m.batch} x sequence "
            f"length {m.seq_len} = {m.tokens} tokens (M).",
            f"Configuration: {m.describe()}.",
            f"Source: {m.source}.",
            "M = tokens, N = output features, K = input features; "
            "generated by python3 -m mxa.workloads write."]


def write_shipped(directory=GEMM_DIR):
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for key in MODELS:
        write_gemm_csv(model_gemms(key), directory / f"{key}.csv",
                       model_comments(key))


def _main(argv):
    if len(argv) == 2 and argv[0] == "write":
        write_shipped(argv[1])
        return 0
    if len(argv) == 1 and argv[0] == "list":
        for name, path in shipped().items():
            gemms = load_gemm_csv(path)
            macs = sum(g.macs for g in gemms)
            print(f"{name:12s} {len(gemms):4d} GEMMs  {macs / 1e9:9.1f} GMAC")
        return 0
    print("usage: python3 -m mxa.workloads write DIR | list", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
