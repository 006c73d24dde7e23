# SPDX-License-Identifier: MIT
"""The cycle model of the engine: cycles, utilization and bytes of one job
on a configuration, from the engine's structure (docs/rtl-engine.md) and a
few constants calibrated against the Verilated RTL. docs/codesign.md ("The
cycle model") gives the equations, the calibration and the error.

The model follows the job at the grain of the hardware's own units: the
read requests in the walkers' order (docs/rtl-engine.md 3), cut into
bursts as the DMA cuts them, each translated by the MMU (a TLB of 16 pages,
walks of one memory latency a level), issued when the read queue has room,
returned after the latency at the memory's bandwidth, and written into its
bank once the bank is free; the tiles in the sequencer's order, each
starting when its A panel and B tile are in and the result queue has room,
and taking one cycle a beat; the writes of D, one request per row of a
tile, sharing the MMU and the TLB with the reads. It is a recurrence over
those events, not a simulation of cycles (only the writer's steady period
when the result queue is full is played out cycle by cycle, once per tile
shape), run again with the TLB's hits and walks replayed in time order.
predict() runs it as fastcycles.py does, which gives the same results
faster (0.4 s for a 512^3 job; 1.9 s here); predict(..., _reference=True)
runs the reference below.
"""

import bisect

from .config import HwConfig, element_format

PAGE = 4096
VA_BASE = 1 << 30               # the first buffer's device address
TLB_ENTRIES = 16                # mxa_shell TlbEntries
RD_FIFO_BEATS = 256             # mxa_shell RdFifoBeats: read credits
RD_REQ_DEPTH = 64               # mxa_shell RdReqDepth: requests accepted
RES_DEPTH = 32                  # mxa_engine ResDepth: result tiles queued
BURST_DEPTH = 64                # mxa_shell BurstDepth: bursts outstanding

# Calibrated against the RTL (docs/codesign.md): cycles the hardware spends
# around the events above.
K_START = 3         # dispatch to the first read request's translation
K_WALK = 1          # a page-table read: latency + K_WALK
K_PIPE = 13         # a tile's last beat to its results in the write queue
K_END = 12          # the last write's response to the end of CYCLES
K_REQ = 1           # a request off a bus word: the realigner's extra cycle
K_FREE = 0          # a tile's end to its banks taking new data
K_FULL = 0          # a bank's last word to the tile's first beat
K_WREQ = 1          # cycles a write request holds the write path at least
K_BRESP = 6         # a write's response to the data of the burst in its slot
K_RD = 6            # a tile's end to its loads' read chunks at the MMU
TLB_PASSES = 2      # replays of the TLB in time order after the first pass
CHUNK_DEPTH = 16    # mxa_dma_chunker Depth: translated chunks queued

SCALE_MODES = ("none", "mx", "nv")


def _ceil(a, b):
    return -(-a // b)


_PERIODS = {}


def _writer_period(vr, nr, beats):
    """Cycles a tile of vr rows takes the writer in steady state when the
    result queue is full: each tile's last row's data frees a place, the
    tile that place starts ends beats cycles later and its loads bring nr
    read chunks to the MMU K_RD cycles after; the writer asks for a
    translation a cycle, one a row, and skips a cycle between tiles; the
    MMU alternates between the directions when both ask."""
    key = (vr, nr, beats)
    if key in _PERIODS:
        return _PERIODS[key]
    reads = []              # cycles from which each read chunk asks
    pending = 0
    rows_left, next_ask = vr, 0
    last_write = False
    done = []
    t = 0
    while len(done) < 24:
        while reads and reads[0] <= t:
            reads.pop(0)
            pending += 1
        want_w = rows_left > 0 and t >= next_ask
        if pending and (not want_w or last_write):
            pending -= 1
            last_write = False
        elif want_w:
            last_write = True
            rows_left -= 1
            if rows_left == 0:
                done.append(t)
                reads.extend([t + K_RD + beats] * nr)
                rows_left, next_ask = vr, t + 2
            else:
                next_ask = t + 1
        t += 1
    period = (done[-1] - done[-13]) / 12
    _PERIODS[key] = period
    return period


class _Tlb:
    """The MMU's TLB: pages, filled round robin a group of pages a walk,
    and the walk cache of the last 1 GiB and 2 MiB regions."""

    def __init__(self, group):
        self.group = group
        self.entries = [None] * TLB_ENTRIES
        self.next = 0
        self.l2 = self.l1 = None

    def levels(self, va):
        """Page-table reads that translating va costs (0: a hit)."""
        page = va // PAGE
        if page in self.entries:
            return 0
        n = 1
        if self.l1 != va >> 21:
            n += 1
            if self.l2 != va >> 30:
                n += 1
        self.l2, self.l1 = va >> 30, va >> 21
        first = page - page % self.group
        for p in range(first, first + self.group):
            self.entries[self.next] = p
            self.next = (self.next + 1) % TLB_ENTRIES
        return n


class _TlbInTime:
    """The TLB as both directions use it in time. The model places the
    reads of a tile's loads before the writes of the tiles before it, while
    the hardware translates them in time order, which decides which pages
    the round robin has evicted when. A first pass takes lookups in the
    model's order and records when each happened; the next replays them in
    time order (reads first within a cycle) for the hits and walks that the
    pass after it uses."""

    def __init__(self, group, plan=None):
        self.live = _Tlb(group)
        self.group = group
        self.plan = plan
        self.count = [0, 0]
        self.log = []

    def levels(self, va, direction):
        """Page-table reads for the next lookup of direction (0 reads, 1
        writes) at va."""
        i = self.count[direction]
        self.count[direction] += 1
        if self.plan is not None and (direction, i) in self.plan:
            return self.plan[direction, i]
        return self.live.levels(va)

    def record(self, t, direction, va):
        self.log.append((t, direction, self.count[direction] - 1, va))

    def replay(self):
        tlb = _Tlb(self.group)
        return {(d, i): tlb.levels(va) for _, d, i, va in sorted(self.log)}


class _Walks:
    """The page-table walks of one direction, as intervals of time: the MMU
    does one translation at a time, so a walk of one direction holds up the
    other's translations that fall into it."""

    def __init__(self):
        self.spans = []
        self.i = 0

    def add(self, start, end):
        self.spans.append((start, end))

    def after(self, t):
        """The first time from t on that no walk of this direction holds."""
        spans = self.spans
        while self.i < len(spans) and spans[self.i][1] <= t:
            self.i += 1
        j = self.i
        while j < len(spans) and spans[j][0] <= t < spans[j][1]:
            t = spans[j][1]
            j += 1
        return t


class _Reads:
    """The read path: the requests in order, their bursts and their data."""

    def __init__(self, db, beta, latency, tlb, pt_bytes, walks, other):
        self.db, self.beta, self.lat = db, beta, latency
        self.walks, self.other = walks, other    # reads', writes' walks
        self.chunk = min(PAGE, RD_FIFO_BEATS // 4 * db)
        self.tlb = tlb
        self.pt_bytes = pt_bytes
        self.mmu = 0.0          # the MMU is free from then on
        self.data = 0.0         # the R channel is free from then on
        self.cons = 0.0         # the loader is free from then on
        self.issued = 0         # beats issued so far
        # consumption: cumulative beats at the end of each request, and when
        self.cum_beats = [0]
        self.cum_time = [0.0]
        self.req_end = []       # consumption end of each request
        self.burst_end = []     # last data beat of each burst
        self.chunks = 0         # chunks translated so far
        self.issued_at = []     # when each burst was issued
        self.bytes = 0

    def _consumed_by(self, beats):
        """When the loader has taken `beats` beats (for read credits)."""
        if beats <= 0:
            return 0.0
        i = bisect.bisect_left(self.cum_beats, beats)
        if i >= len(self.cum_beats):
            return None         # within the request being placed
        b0, b1 = self.cum_beats[i - 1], self.cum_beats[i]
        t0, t1 = self.cum_time[i - 1], self.cum_time[i]
        return t0 + (t1 - t0) * (beats - b0) / max(1, b1 - b0)

    def request(self, va, length, gate, start):
        """One request of length bytes at va whose bank is free at gate;
        the walker may issue it from start. Returns its consumption end."""
        db = self.db
        n = len(self.req_end)
        accept = start
        if n >= RD_REQ_DEPTH:
            accept = max(accept, self.req_end[n - RD_REQ_DEPTH])
        first_data = None
        in_beats = 0
        pos, end = va, va + length
        while pos < end:
            cend = min(end, (pos // self.chunk + 1) * self.chunk)
            beats = (cend - 1) // db - pos // db + 1
            lv = self.tlb.levels(pos, 0)
            self.pt_bytes[0] += lv * db
            cost = lv * (self.lat + K_WALK) if lv else 1
            # The chunker asks for a translation only with room in its
            # queue of translated chunks, which the bursts' issue empties.
            q = max(self.mmu, accept)
            if len(self.issued_at) >= CHUNK_DEPTH:
                q = max(q, self.issued_at[-CHUNK_DEPTH] + 1)
            t0 = self.other.after(q)
            self.tlb.record(t0, 0, pos)
            t = t0 + cost
            if lv:
                self.walks.add(t0, t)
            self.mmu = t
            self.chunks += 1
            credit = self._consumed_by(self.issued + beats - RD_FIFO_BEATS)
            if credit is None:
                credit = self.data - (RD_FIFO_BEATS - beats) / self.beta
            issue = max(t, credit)
            if len(self.burst_end) >= BURST_DEPTH:
                issue = max(issue, self.burst_end[-BURST_DEPTH])
            d0 = max(issue + self.lat, self.data)
            self.data = d0 + beats / self.beta
            self.burst_end.append(self.data)
            self.issued_at.append(issue)
            if first_data is None:
                first_data = d0
            self.issued += beats
            in_beats += beats
            pos = cend
        self.bytes += in_beats * db
        out_beats = _ceil(length, db)
        c0 = max(self.cons, gate, first_data + 1)
        # The realigner passes an aligned request at the bus rate and
        # spends one more cycle on one that starts inside a bus word.
        c1 = max(c0 + out_beats + (K_REQ if va % db else 0), self.data + 1)
        self.cons = c1
        self.cum_beats.append(self.cum_beats[-1] + in_beats)
        self.cum_time.append(c1)
        self.req_end.append(c1)
        return c1


# The longest memory latency of the model's validated domain: above it,
# a page-table walk that catches a translation of the other direction (or
# misses it by a few cycles) moves a job by a latency (docs/codesign.md 9.2).
VALIDATED_LATENCY = 200


def predict(cfg, m, n, k, a_format, b_format, scale="none", block_size=0,
            acc="fp32", latency=100, bw=None, out_format="fp32", c=False,
            _reference=False):
    """Predicted cost of D = A x B (+ C) on cfg: a dict of cycles,
    utilization (MACs per cycle over the array's peak for these formats),
    macs, bytes_read, bytes_written, compute_cycles (beats of the array),
    for operands laid out as `mxa bench` and mxa.Device lay them out (each
    operand its own buffer, rows packed back to back). K beyond the
    configuration's K_max is split into jobs of whole blocks (the partial D
    as the next C), as many as the returned "jobs"; the accumulation mode
    does not change the timing. "write_bound" is the share of tiles that
    waited for room in the result queue: where it is above 0 the writes of
    D set the pace, a regime outside the model's validated ±3%
    (docs/codesign.md, "The cycle model"). "outside" names every reason
    the prediction is outside that domain, joined by "+" ("" inside it):
    write_bound, and long_latency for a latency above VALIDATED_LATENCY.
    The recurrence runs as fastcycles.py runs it; _reference=True runs the
    reference below, event by event, which gives the same results (for
    tests)."""
    out = _predict(cfg, m, n, k, a_format, b_format, scale, block_size, acc,
                   latency, bw, out_format, c, _reference)
    reasons = []
    if out["write_bound"] > 0:
        reasons.append("write_bound")
    if latency > VALIDATED_LATENCY:
        reasons.append("long_latency")
    out["outside"] = "+".join(reasons)
    return out


def _predict(cfg, m, n, k, a_format, b_format, scale, block_size, acc,
             latency, bw, out_format, c, _reference):
    if not isinstance(cfg, HwConfig):
        raise TypeError("predict: an mxa.hw.HwConfig")
    for name, v in (("m", m), ("n", n), ("k", k)):
        if not isinstance(v, int) or v < 1:
            raise ValueError(f"{name}={v!r}: a positive integer")
    bs = block_size or (16 if scale == "nv" else 32)
    if k > cfg.max_k:
        # Split along K as a driver must (docs/rtl-engine.md 6): pieces of
        # whole blocks up to K_max, each a job whose C is the D before.
        piece = cfg.max_k // bs * bs
        parts = []
        for k0 in range(0, k, piece):
            parts.append(predict(cfg, m, n, min(piece, k - k0), a_format,
                                 b_format, scale, block_size, acc, latency,
                                 bw, out_format="fp32" if k0 + piece < k
                                 else out_format, c=c or k0 > 0,
                                 _reference=_reference))
        out = {f: sum(p[f] for p in parts) for f in
               ("cycles", "bytes_read", "bytes_written", "compute_cycles")}
        out["macs"] = m * n * k
        out["utilization"] = out["macs"] / (
            out["cycles"] * cfg.rows * cfg.cols * cfg.rate(a_format, b_format))
        out["jobs"] = len(parts)
        out["write_bound"] = max(p["write_bound"] for p in parts)
        return out
    if scale not in SCALE_MODES:
        raise ValueError(f"scale={scale!r}: one of {', '.join(SCALE_MODES)}")
    if acc not in ("fp32", "trunc", "exact"):
        raise ValueError(f"acc={acc!r}: fp32, trunc or exact")
    if acc == "trunc" and not cfg.trunc:
        raise ValueError(f"acc=trunc: {cfg.key} is built without TRUNC")
    fa, fb = element_format(a_format), element_format(b_format)
    rate = cfg.rate(a_format, b_format)
    if bs not in (8, 16, 32, 64):
        raise ValueError(f"block_size={block_size}: 8, 16, 32 or 64")
    if not isinstance(latency, int) or latency < 1:
        raise ValueError(f"latency={latency!r}: an integer of at least 1")
    if bw is not None and (not isinstance(bw, int) or bw < 1):
        raise ValueError(f"bw={bw!r}: None or a positive integer")
    if out_format not in ("fp32", "bf16"):
        raise ValueError(f"out_format={out_format!r}: fp32 or bf16")
    db = cfg.data_bits // 8
    beta = 1.0 if bw is None else min(1.0, bw / db)
    osize = 2 if out_format == "bf16" else 4

    # Beats of a tile: blocks of bs, each ceil(bs / rate) beats.
    beats = (k // bs) * _ceil(bs, rate) + (_ceil(k % bs, rate) if k % bs else 0)
    ra, rb = fa.row_bytes(k), fb.row_bytes(k)
    rs = _ceil(k, bs) if scale != "none" else 0

    # Buffers in the order the tool allocates them, a guard page apart.
    va = VA_BASE
    bases = {}
    for name, size in (("a", m * ra), ("b", n * rb), ("sa", m * rs),
                       ("sb", n * rs), ("c", m * n * 4 if c else 0),
                       ("d", m * n * osize)):
        if size:
            bases[name] = va
            va += _ceil(size, PAGE) * PAGE + PAGE

    if not _reference:
        from . import fastcycles
        return fastcycles.passes({
            "m": m, "n": n, "k": k, "rows": cfg.rows, "cols": cfg.cols,
            "rate": rate, "db": db, "beta": beta, "latency": latency,
            "rs": rs, "ra": ra, "rb": rb, "osize": osize, "c": c,
            "bases": bases, "beats": beats})

    def _run(plan):
        rows, cols = cfg.rows, cfg.cols
        panels, tiles = _ceil(m, rows), _ceil(n, cols)
        pt = [0]
        tlb = _TlbInTime(max(1, db // 8), plan)   # one TLB for both paths
        rd_walks, wr_walks = _Walks(), _Walks()
        rd = _Reads(db, beta, latency, tlb, pt, rd_walks, wr_walks)
        start = float(K_START)

        def load_panel(p, gate):
            end = 0.0
            for r in range(p * rows, min(m, (p + 1) * rows)):
                if rs:
                    end = rd.request(bases["sa"] + r * rs, rs, gate, start)
                end = rd.request(bases["a"] + r * ra, ra, gate, start)
            return end

        def load_tile(p, t, gate):
            end = 0.0
            for j in range(t * cols, min(n, (t + 1) * cols)):
                if rs:
                    end = rd.request(bases["sb"] + j * rs, rs, gate, start)
                end = rd.request(bases["b"] + j * rb, rb, gate, start)
            if c:
                for r in range(p * rows, min(m, (p + 1) * rows)):
                    vc = min(n, (t + 1) * cols) - t * cols
                    end = rd.request(bases["c"] + (r * n + t * cols) * 4, vc * 4,
                                     gate, start)
            return end

        panel_ready = {0: load_panel(0, 0.0)}
        panel_end = {}
        tile_end = []           # end (last beat) of each tile, in order
        write_done = []         # each tile's last write has its data
        wr_mmu = wr_data = 0.0
        wr_resp = []            # each write burst's response
        wr_issued = []          # each write burst's address issued
        last_req = 0.0          # the writer's last request's translation
        queued = 0              # tiles that waited for room in the result queue
        wr_bytes = 0
        last = 0.0
        g = 0
        for p in range(panels):
            for t in range(tiles):
                gate_b = tile_end[g - 2] + K_FREE if g >= 2 else 0.0
                chunks0 = rd.chunks
                b_ready = load_tile(p, t, gate_b)
                if t == 0 and p + 1 < panels:
                    gate_a = panel_end[p - 1] + K_FREE if p >= 1 else 0.0
                    panel_ready[p + 1] = load_panel(p + 1, gate_a)
                s = max(last, panel_ready[p] + K_FULL, b_ready + K_FULL)
                gated = False
                if g >= RES_DEPTH and write_done[g - RES_DEPTH] > s:
                    s = write_done[g - RES_DEPTH]
                    queued += 1
                    gated = True
                e = s + beats
                tile_end.append(e)
                last = e
                if t == tiles - 1:
                    panel_end[p] = e
                # The tile's rows of D, one write request each.
                vc = min(n, (t + 1) * cols) - t * cols
                ready = e + K_PIPE
                vr = min(m, (p + 1) * rows) - p * rows
                if g:
                    # The writer sends a tile's rows back to back and then
                    # spends a cycle on its last row's data before the next
                    # tile's first request. The MMU translates one chunk a cycle
                    # for both directions, alternating when both ask: the read
                    # chunks that this tile's loads bring take cycles from the
                    # writer's stream. They come while the writer streams a
                    # tile's rows, so its turn between tiles stays unused, unless
                    # there are at least as many of them as rows.
                    nr = rd.chunks - chunks0
                    if gated:
                        # The writer sets the pace: each of its tiles frees the
                        # place of a tile whose loads' chunks come at a fixed
                        # phase of the writer's stream.
                        ready = max(ready, last_req + 1 +
                                    _writer_period(vr, nr, beats) - vr)
                    else:
                        ready = max(ready, last_req + 1 +
                                    (nr + 1 if vr > nr else max(1, nr)))
                for r in range(p * rows, min(m, (p + 1) * rows)):
                    addr = bases["d"] + (r * n + t * cols) * osize
                    length = vc * osize
                    lv = tlb.levels(addr, 1)
                    pt[0] += lv * db
                    cost = lv * (latency + K_WALK) if lv else 1
                    q = max(wr_mmu, ready)
                    if len(wr_issued) >= CHUNK_DEPTH:
                        q = max(q, wr_issued[-CHUNK_DEPTH] + 1)
                    t0 = rd_walks.after(q)
                    tlb.record(t0, 1, addr)
                    wr_mmu = t0 + cost
                    if lv:
                        wr_walks.add(t0, wr_mmu)
                    last_req = t0
                    wbeats = (addr + length - 1) // db - addr // db + 1
                    w0 = max(wr_data, wr_mmu)
                    if len(wr_resp) >= BURST_DEPTH:
                        w0 = max(w0, wr_resp[-BURST_DEPTH])
                    wr_issued.append(w0)
                    wr_data = w0 + max(wbeats / beta, K_WREQ)
                    wr_resp.append(wr_data + latency + K_BRESP)
                    wr_bytes += length
                    ready += 1
                write_done.append(wr_data)
                g += 1
        cycles = int(round(wr_data + latency + K_END))
        macs = m * n * k
        peak = rows * cols * rate
        return {"cycles": cycles, "macs": macs,
                "utilization": macs / (cycles * peak),
                "bytes_read": rd.bytes + pt[0], "bytes_written": wr_bytes,
                "compute_cycles": panels * tiles * beats, "jobs": 1,
                "write_bound": queued / (panels * tiles)}, tlb.replay()

    out, plan = _run(None)
    for _ in range(int(TLB_PASSES)):
        again, plan2 = _run(plan)
        out = again
        if plan2 == plan:
            break
        plan = plan2
    return out
