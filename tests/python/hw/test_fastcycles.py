# SPDX-License-Identifier: MIT
"""The cycle model's fast recurrence (python/mxa/hw/fastcycles.py) against
the reference recurrence it replaces (predict(..., _reference=True)):
every returned field identical on random jobs of both shipped
configurations, formats, scales, latencies and bandwidths, among them
jobs whose operands and results cross 4 KiB pages and 2 MiB regions
(the TLB's walks), jobs of K beyond K_max, and jobs of long panels, over
whose repeating tiles the fast recurrence jumps. About 18 s."""
import random

import pytest

from mxa import hw
from mxa.hw import fastcycles

CONFIGS = {"default": hw.HwConfig(), "min": hw.shipped_configs()["min"]}
FORMATS = ("e4m3", "e5m2", "e2m3", "e2m1", "int8", "int4", "ternary",
           "ternary_b3")


def _same(cfg, m, n, k, fa, fb, **kw):
    fast = hw.predict(cfg, m, n, k, fa, fb, **kw)
    ref = hw.predict(cfg, m, n, k, fa, fb, _reference=True, **kw)
    assert fast == ref, (cfg.key, m, n, k, fa, fb, kw)
    return ref


def _random_jobs(seed, count, long_panels=False):
    """Random jobs; long_panels: panels of 40 to 600 tiles, where the fast
    recurrence jumps over repeating periods of tiles."""
    rnd = random.Random(seed)
    jobs = []
    for _ in range(count):
        name = rnd.choice(tuple(CONFIGS))
        cfg = CONFIGS[name]
        scale = rnd.choice(("none", "mx", "nv"))
        kw = dict(scale=scale,
                  latency=rnd.choice((1, 7, 20, 57, 100, 250, 400)),
                  bw=rnd.choice((None, None, 1, 3, cfg.data_bits // 16,
                                 cfg.data_bits // 8 + 5)),
                  out_format=rnd.choice(("fp32", "bf16")),
                  c=rnd.random() < 0.2)
        if scale != "none" and rnd.random() < 0.3:
            kw["block_size"] = rnd.choice((8, 16, 32, 64))
        m = rnd.randint(1, 3 * cfg.rows + 5)
        n = rnd.randint(1, 12 * cfg.cols + 9)
        k = rnd.randint(1, cfg.max_k + cfg.max_k // 2)
        if long_panels:
            # bandwidths of a power of two bytes a cycle keep the jumps
            kw["bw"] = rnd.choice((None, None, 4, 8, cfg.data_bits // 16, 3))
            n = rnd.randint(40 * cfg.cols, 1000 * cfg.cols)
            # rows of whole chunks: periods of few tiles
            whole = cfg.max_k // 8
            k = whole * rnd.randint(1, 12)
        jobs.append((name, m, n, k, rnd.choice(FORMATS),
                     rnd.choice(FORMATS), kw))
    return jobs


@pytest.mark.parametrize("job", _random_jobs(7, 40),
                         ids=lambda j: f"{j[0]}-{j[1]}x{j[2]}x{j[3]}")
def test_random_jobs(job):
    name, m, n, k, fa, fb, kw = job
    _same(CONFIGS[name], m, n, k, fa, fb, **kw)


@pytest.mark.parametrize("job", _random_jobs(11, 60, long_panels=True),
                         ids=lambda j: f"{j[0]}-{j[1]}x{j[2]}x{j[3]}")
def test_random_long_panels(job):
    name, m, n, k, fa, fb, kw = job
    _same(CONFIGS[name], m, n, k, fa, fb, **kw)


@pytest.mark.parametrize("name,m,n,k,fa,fb,kw", [
    # Steady panels of many tiles: B's rows cross pages every tile or two,
    # D's rows every 512 tiles; scales in their own pages.
    ("default", 24, 1100, 1024, "e4m3", "e4m3", dict(scale="mx")),
    ("default", 17, 700, 4096, "e4m3", "e4m3", dict(scale="mx")),
    ("default", 16, 2100, 64, "e2m1", "e2m1", dict(scale="nv", latency=20)),
    # B (2.3 MiB) and D cross 2 MiB regions; K beyond K_max with C.
    ("min", 3, 9000, 256, "e4m3", "e4m3", dict(scale="mx", latency=40)),
    ("min", 2, 600, 1000, "e2m3", "e4m3", dict(scale="mx", bw=3)),
    ("default", 9, 300, 5000, "int8", "int4", dict(latency=250)),
    # Long panels jumped over: K split (C read back), C with a bandwidth
    # of a power of two, a long latency.
    ("default", 16, 2048, 6144, "e4m3", "e4m3", dict(scale="mx")),
    ("default", 16, 2048, 1024, "e4m3", "e4m3", dict(scale="mx", c=True,
                                                    bw=8)),
    ("default", 24, 3000, 512, "int8", "int8", dict(latency=400)),
    # Short K: the writes set the pace (write_bound).
    ("default", 40, 600, 32, "e4m3", "e4m3", dict(latency=20)),
    ("min", 30, 300, 8, "ternary", "e2m1", dict(bw=2, out_format="bf16")),
])
def test_pages_regions_and_splits(name, m, n, k, fa, fb, kw):
    _same(CONFIGS[name], m, n, k, fa, fb, **kw)


def test_the_jumps_are_taken(monkeypatch):
    """The jumps over repeating tiles are what the comparisons above test:
    on a job of long panels they cover most tiles, and the results are
    still the reference's."""
    jumped = []
    jump = fastcycles._jump

    def counted(*args):
        k = jump(*args)
        jumped.append(k * args[3])      # periods times tiles a period
        return k

    monkeypatch.setattr(fastcycles, "_jump", counted)
    cfg = CONFIGS["default"]
    _same(cfg, 16, 2048, 1024, "e4m3", "e4m3", scale="mx")
    # more than half of 3 passes of 2 panels of 1024 tiles
    assert sum(jumped) > 3 * 2 * 1024 // 2, jumped
