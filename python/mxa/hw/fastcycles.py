# SPDX-License-Identifier: MIT
"""The cycle model's recurrence (cycles.py) at a fraction of its cost, with
the same results bit for bit: the same events in the same order and the
same floating-point operations on them, without the per-event overhead of
the reference's objects.

What makes it cheaper, and why each step keeps the results:

- the requests' chunks, beats and realigner cycles are worked out once
  per request address (B's rows are read again by every panel);
- the queues the recurrence looks back into (64 requests, 64 bursts, 16
  chunks, 32 tiles) are bounded deques, and the loader's consumption
  curve and the walks are searched with pointers that only move forward,
  as their queries only grow;
- the TLB is a page -> count map beside the round robin of entries, so a
  hit is one lookup; the lookups of one pass are logged as arrays, and
  as each direction's translations are strictly increasing in time, the
  time order of the next pass's replay is a merge of the two, in which a
  lookup of the page just looked up is a hit and needs no replay;
- the first pass takes the TLB in the model's order; where replaying it
  in time order gives the same hits and walks, the second pass would
  repeat it exactly, and is not run.

predict(..., _reference=True) runs the reference recurrence instead;
tests/python/hw/test_fastcycles.py compares the two."""

import collections
from array import array

import numpy as np

from . import cycles as _c


class _Tlb:
    """cycles._Tlb with a page -> count map beside its entries: the same
    round robin, the same walk cache, a hit found in one lookup."""

    def __init__(self, group):
        self.group = group
        self.entries = [None] * _c.TLB_ENTRIES
        self.count = {}
        self.next = 0
        self.l2 = self.l1 = None

    def levels(self, va):
        page = va // _c.PAGE
        if page in self.count:
            return 0
        n = 1
        if self.l1 != va >> 21:
            n += 1
            if self.l2 != va >> 30:
                n += 1
        self.l2, self.l1 = va >> 30, va >> 21
        first = page - page % self.group
        entries, count = self.entries, self.count
        for p in range(first, first + self.group):
            old = entries[self.next]
            if old is not None:
                left = count[old] - 1
                if left:
                    count[old] = left
                else:
                    del count[old]
            entries[self.next] = p
            count[p] = count.get(p, 0) + 1
            self.next = (self.next + 1) % _c.TLB_ENTRIES
        return n


def replay(group, t_rd, va_rd, t_wr, va_wr):
    """The hits and walks (page-table reads a lookup) of both directions'
    lookups replayed through one TLB in time order, reads first within a
    cycle: cycles._TlbInTime.replay, as two byte strings."""
    tr = np.frombuffer(t_rd, dtype=np.float64)
    tw = np.frombuffer(t_wr, dtype=np.float64)
    nr, nw = len(tr), len(tw)
    if (nr < 2 or np.all(tr[1:] > tr[:-1])) and (
            nw < 2 or np.all(tw[1:] > tw[:-1])):
        # Both sorted: a write goes after the reads of its time or earlier.
        pos_r = np.arange(nr) + np.searchsorted(tw, tr, side="left")
        pos_w = np.arange(nw) + np.searchsorted(tr, tw, side="right")
    else:
        order = np.lexsort((np.concatenate([np.arange(nr), np.arange(nw)]),
                            np.concatenate([np.zeros(nr), np.ones(nw)]),
                            np.concatenate([tr, tw])))
        pos = np.empty(nr + nw, dtype=np.int64)
        pos[order] = np.arange(nr + nw)
        pos_r, pos_w = pos[:nr], pos[nr:]
    vas = np.empty(nr + nw, dtype=np.int64)
    vas[pos_r] = np.frombuffer(va_rd, dtype=np.int64)
    vas[pos_w] = np.frombuffer(va_wr, dtype=np.int64)
    pages = vas // _c.PAGE
    levels = np.zeros(nr + nw, dtype=np.uint8)
    # A lookup of the page the lookup before it found (or filled) hits and
    # changes nothing, when a fill keeps the page it was for.
    if group <= _c.TLB_ENTRIES:
        new = np.flatnonzero(np.concatenate([[True], pages[1:] != pages[:-1]]))
    else:
        new = np.arange(nr + nw)
    tlb = _Tlb(group)
    lookup = tlb.levels
    out = [lookup(va) for va in vas[new].tolist()]
    levels[new] = out
    return levels[pos_r].tobytes(), levels[pos_w].tobytes()


def run(job, plan, want_replay=True):
    """One pass of the recurrence (cycles.predict's reference _run): the
    result dict, the hits and walks of its time-order replay (two byte
    strings, reads and writes; None unless want_replay) and those it used
    (None where it took them from plan)."""
    m, n, rows, cols = job["m"], job["n"], job["rows"], job["cols"]
    db, beta, lat = job["db"], job["beta"], job["latency"]
    rs, ra, rb, osize, c = job["rs"], job["ra"], job["rb"], job["osize"], job["c"]
    bases, beats_tile = job["bases"], job["beats"]
    PAGE = _c.PAGE
    CREDITS = _c.RD_FIFO_BEATS
    K_REQ = _c.K_REQ
    chunk = min(PAGE, CREDITS // 4 * db)
    lat_walk = lat + _c.K_WALK
    group = max(1, db // 8)
    start = float(_c.K_START)

    if plan is None:
        tlb = _Tlb(group)
        live = tlb.levels
        plan_rd = plan_wr = None
        used_rd, used_wr = bytearray(), bytearray()
    else:
        plan_rd, plan_wr = plan
        used_rd = used_wr = None
    t_rd, t_wr = array("d"), array("d")         # when each lookup happened
    va_rd, va_wr = array("q"), array("q")       # and at what address

    # The read path's state (cycles._Reads), as locals of load().
    st = {"mmu": 0.0, "data": 0.0, "cons": 0.0, "issued": 0, "chunks": 0,
          "bytes": 0, "walk_levels": 0, "i_rd": 0}
    req_end = collections.deque(maxlen=_c.RD_REQ_DEPTH)
    burst_end = collections.deque(maxlen=_c.BURST_DEPTH)
    issued_at = collections.deque(maxlen=_c.CHUNK_DEPTH)
    cum_beats, cum_time = [0], [0.0]    # consumption curve from cb[0] on
    cb = [0]
    rd_start, rd_end, rd_i = [], [], [0]    # the reads' walks
    wr_start, wr_end, wr_i = [], [], [0]    # the writes' walks

    requests = job.setdefault("requests", {})   # shared by the passes

    def describe(va, length, keep=True):
        """A request's chunks (address, beats, beats / beta, the credits it
        leaves / beta), its beats in and its beats out and extra cycle;
        kept for the next time unless keep is false (C's segments, read
        once a pass)."""
        key = (va, length)
        d = requests.get(key)
        if d is None:
            chunks = []
            in_beats = 0
            pos, end = va, va + length
            while pos < end:
                cend = min(end, (pos // chunk + 1) * chunk)
                beats = (cend - 1) // db - pos // db + 1
                chunks.append((pos, beats, beats / beta,
                               (CREDITS - beats) / beta))
                in_beats += beats
                pos = cend
            d = (va, tuple(chunks), in_beats, _c._ceil(length, db),
                 K_REQ if va % db else 0)
            if keep:
                requests[key] = d
        return d

    def load(reqs, gate):
        """The requests of reqs whose banks are free at gate, in order:
        cycles._Reads.request for each. Returns the last one's end."""
        mmu, data, cons = st["mmu"], st["data"], st["cons"]
        issued, i_rd = st["issued"], st["i_rd"]
        walk_levels = st["walk_levels"]
        nchunks = 0
        nbytes = 0
        cbi = cb[0]
        wi = wr_i[0]
        nwk = len(wr_end)
        c1 = 0.0
        for va, chunks, in_beats, out_beats, extra in reqs:
            accept = start
            if len(req_end) == _c.RD_REQ_DEPTH:
                accept = max(accept, req_end[0])
            first_data = None
            for pos, beats, beats_t, rest_t in chunks:
                if plan_rd is None:
                    lv = live(pos)
                    used_rd.append(lv)
                else:
                    lv = plan_rd[i_rd]
                i_rd += 1
                walk_levels += lv
                cost = lv * lat_walk if lv else 1
                q = max(mmu, accept)
                if len(issued_at) == _c.CHUNK_DEPTH:
                    q = max(q, issued_at[0] + 1)
                # Held up by the writes' walks (cycles._Walks.after).
                while wi < nwk and wr_end[wi] <= q:
                    wi += 1
                j = wi
                while j < nwk and wr_start[j] <= q < wr_end[j]:
                    q = wr_end[j]
                    j += 1
                t_rd.append(q)
                va_rd.append(pos)
                t = q + cost
                if lv:
                    rd_start.append(q)
                    rd_end.append(t)
                mmu = t
                nchunks += 1
                # Read credits: when the loader has taken the beats that
                # make room for this burst (cycles._Reads._consumed_by).
                need = issued + beats - CREDITS
                if need <= 0:
                    credit = 0.0
                else:
                    ncb = len(cum_beats)
                    while cbi < ncb and cum_beats[cbi] < need:
                        cbi += 1
                    if cbi >= ncb:
                        credit = data - rest_t
                    else:
                        b0, b1 = cum_beats[cbi - 1], cum_beats[cbi]
                        u0, u1 = cum_time[cbi - 1], cum_time[cbi]
                        credit = u0 + (u1 - u0) * (need - b0) / max(1, b1 - b0)
                issue = max(t, credit)
                if len(burst_end) == _c.BURST_DEPTH:
                    issue = max(issue, burst_end[0])
                d0 = max(issue + lat, data)
                data = d0 + beats_t
                burst_end.append(data)
                issued_at.append(issue)
                if first_data is None:
                    first_data = d0
                issued += beats
            nbytes += in_beats * db
            c0 = max(cons, gate, first_data + 1)
            c1 = max(c0 + out_beats + extra, data + 1)
            cons = c1
            cum_beats.append(cum_beats[-1] + in_beats)
            cum_time.append(c1)
            req_end.append(c1)
        if cbi > 4096:          # the pointer never goes back: drop the past
            del cum_beats[:cbi - 1]
            del cum_time[:cbi - 1]
            cbi = 1
        cb[0] = cbi
        wr_i[0] = wi
        st["mmu"], st["data"], st["cons"] = mmu, data, cons
        st["issued"], st["i_rd"] = issued, i_rd
        st["walk_levels"] = walk_levels
        st["chunks"] += nchunks
        st["bytes"] += nbytes
        return c1

    def panel_reqs(p):
        reqs = []
        for r in range(p * rows, min(m, (p + 1) * rows)):
            if rs:
                reqs.append(describe(bases["sa"] + r * rs, rs))
            reqs.append(describe(bases["a"] + r * ra, ra))
        return reqs

    tile_cache = {}

    def tile_reqs(p, t):
        reqs = tile_cache.get(t)
        if reqs is None:
            reqs = []
            for j in range(t * cols, min(n, (t + 1) * cols)):
                if rs:
                    reqs.append(describe(bases["sb"] + j * rs, rs))
                reqs.append(describe(bases["b"] + j * rb, rb))
            tile_cache[t] = reqs
        if c:
            reqs = list(reqs)
            vc = min(n, (t + 1) * cols) - t * cols
            for r in range(p * rows, min(m, (p + 1) * rows)):
                reqs.append(describe(bases["c"] + (r * n + t * cols) * 4,
                                     vc * 4, keep=False))
        return reqs

    panels, tiles = _c._ceil(m, rows), _c._ceil(n, cols)
    panel_ready = {0: load(panel_reqs(0), 0.0)}
    panel_end = {}
    end1 = end2 = 0.0           # ends of the last two tiles
    write_done = collections.deque(maxlen=_c.RES_DEPTH)
    wr_mmu = wr_data = 0.0
    wr_resp = collections.deque(maxlen=_c.BURST_DEPTH)
    wr_issued = collections.deque(maxlen=_c.CHUNK_DEPTH)
    last_req = 0.0
    queued = 0
    wr_bytes = 0
    wr_levels = 0
    i_wr = 0
    last = 0.0
    g = 0
    d_base = bases["d"]
    K_PIPE, K_WREQ = _c.K_PIPE, _c.K_WREQ
    resp_after = lat + _c.K_BRESP
    for p in range(panels):
        r0, r1 = p * rows, min(m, (p + 1) * rows)
        vr = r1 - r0
        for t in range(tiles):
            gate_b = end2 + _c.K_FREE if g >= 2 else 0.0
            chunks0 = st["chunks"]
            b_ready = load(tile_reqs(p, t), gate_b)
            if t == 0 and p + 1 < panels:
                gate_a = panel_end[p - 1] + _c.K_FREE if p >= 1 else 0.0
                panel_ready[p + 1] = load(panel_reqs(p + 1), gate_a)
            s = max(last, panel_ready[p] + _c.K_FULL, b_ready + _c.K_FULL)
            gated = False
            if g >= _c.RES_DEPTH and write_done[0] > s:
                s = write_done[0]
                queued += 1
                gated = True
            e = s + beats_tile
            end2, end1 = end1, e
            last = e
            if t == tiles - 1:
                panel_end[p] = e
                panel_ready.pop(p, None)
                panel_end.pop(p - 2, None)
            vc = min(n, (t + 1) * cols) - t * cols
            ready = e + K_PIPE
            if g:
                nr = st["chunks"] - chunks0
                if gated:
                    ready = max(ready, last_req + 1 +
                                _c._writer_period(vr, nr, beats_tile) - vr)
                else:
                    ready = max(ready, last_req + 1 +
                                (nr + 1 if vr > nr else max(1, nr)))
            length = vc * osize
            # Held up by the reads' walks (cycles._Walks.after).
            ri = rd_i[0]
            nwk = len(rd_end)
            for r in range(r0, r1):
                addr = d_base + (r * n + t * cols) * osize
                if plan_wr is None:
                    lv = live(addr)
                    used_wr.append(lv)
                else:
                    lv = plan_wr[i_wr]
                i_wr += 1
                wr_levels += lv
                cost = lv * lat_walk if lv else 1
                q = max(wr_mmu, ready)
                if len(wr_issued) == _c.CHUNK_DEPTH:
                    q = max(q, wr_issued[0] + 1)
                while ri < nwk and rd_end[ri] <= q:
                    ri += 1
                j = ri
                while j < nwk and rd_start[j] <= q < rd_end[j]:
                    q = rd_end[j]
                    j += 1
                t_wr.append(q)
                va_wr.append(addr)
                wr_mmu = q + cost
                if lv:
                    wr_start.append(q)
                    wr_end.append(wr_mmu)
                last_req = q
                wbeats = (addr + length - 1) // db - addr // db + 1
                w0 = max(wr_data, wr_mmu)
                if len(wr_resp) == _c.BURST_DEPTH:
                    w0 = max(w0, wr_resp[0])
                wr_issued.append(w0)
                wr_data = w0 + max(wbeats / beta, K_WREQ)
                wr_resp.append(wr_data + lat + _c.K_BRESP)
                wr_bytes += length
                ready += 1
            if ri > 4096:
                del rd_start[:ri], rd_end[:ri]
                ri = 0
            rd_i[0] = ri
            wi = wr_i[0]
            if wi > 4096:
                del wr_start[:wi], wr_end[:wi]
                wr_i[0] = 0
            write_done.append(wr_data)
            g += 1
    cycles = int(round(wr_data + lat + _c.K_END))
    macs = m * n * job["k"]
    peak = rows * cols * job["rate"]
    out = {"cycles": cycles, "macs": macs,
           "utilization": macs / (cycles * peak),
           "bytes_read": st["bytes"] + (st["walk_levels"] + wr_levels) * db,
           "bytes_written": wr_bytes,
           "compute_cycles": panels * tiles * beats_tile, "jobs": 1,
           "write_bound": queued / (panels * tiles)}
    new_plan = (replay(group, t_rd, va_rd, t_wr, va_wr) if want_replay
                else None)
    used = None if plan is not None else (bytes(used_rd), bytes(used_wr))
    return out, new_plan, used


def passes(job):
    """cycles.predict's passes: the first with the TLB in the model's
    order, then with the hits and walks of the pass before replayed in
    time order, until they repeat or cycles.TLB_PASSES replays."""
    out, plan, used = run(job, None)
    if plan == used:
        # The second pass would take the same hits and walks: the same pass.
        return out
    for i in range(int(_c.TLB_PASSES)):
        # The last pass's replay would only say whether to stop.
        last = i == int(_c.TLB_PASSES) - 1
        again, plan2, _ = run(job, plan, want_replay=not last)
        out = again
        if last or plan2 == plan:
            break
        plan = plan2
    return out
