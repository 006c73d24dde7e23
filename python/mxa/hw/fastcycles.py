# SPDX-License-Identifier: MIT
"""The cycle model's recurrence (cycles.py) at a fraction of its cost, with
the same results bit for bit: the same events in the same order and the
same floating-point operations on them, without the per-event overhead of
the reference's objects, and without replaying the tiles of a panel that
repeat those before them.

What makes it cheaper, and why each step keeps the results:

- the requests' chunks, beats and realigner cycles are worked out once
  (B's rows are read again by every panel), and every lookup's address
  in the model's order once for the three passes (_Layout);
- the queues the recurrence looks back into (64 requests, 64 bursts, 16
  chunks, 32 tiles) are bounded deques, and the loader's consumption
  curve and the walks are searched with pointers that only move forward,
  as their queries only grow;
- the TLB holds whole groups of pages (a walk fills its group into the
  next group of entries), replaced first in first out; a lookup in the
  group just looked up hits and changes nothing (_tlb_levels). The first
  pass's hits and walks are those of the lookups in the model's order;
  each pass logs when its lookups happened, and as each direction's
  translations are strictly increasing in time, the time order of the
  next pass's replay is a merge of the two (replay);
- where the first pass's replay gives the hits and walks it took, the
  second pass would repeat it exactly, and is not run; the last pass's
  replay would only say whether to stop, and is not made;
- within a panel, where the tiles' inputs repeat with a period and the
  state relative to the time repeats after a multiple of it, the next
  periods repeat those events shifted in time: run() jumps over them,
  where _jump finds the shift exact.

predict(..., _reference=True) runs the reference recurrence instead;
tests/python/hw/test_fastcycles.py compares the two."""

import collections
from array import array

import numpy as np

from . import cycles as _c


def _tlb_levels(group, vas):
    """The hits and walks (page-table reads a lookup) of the lookups at
    vas (an int64 array, in the order they reach the TLB) through one TLB
    from empty: cycles._Tlb.levels on each in turn."""
    levels = np.zeros(len(vas), dtype=np.uint8)
    if not len(vas):
        return levels
    if _c.TLB_ENTRIES % group:     # not for a bus of 8 to 64 bytes
        lookup = _c._Tlb(group).levels
        levels[:] = [lookup(va) for va in vas.tolist()]
        return levels
    # Each walk fills the group of pages of its page into the next group of
    # entries, so the TLB holds whole groups, replaced first in first out.
    groups = vas // (_c.PAGE * group)
    # A lookup in the group the lookup before it found (or filled) hits and
    # changes nothing.
    new = np.flatnonzero(np.concatenate([[True], groups[1:] != groups[:-1]]))
    slots = _c.TLB_ENTRIES // group
    held = set()
    ring = [None] * slots       # the groups held, oldest at ring[k]
    k = 0
    l1 = l2 = None
    step = 1 << 20              # lookups a slice: bounded Python lists
    for s0 in range(0, len(new), step):
        at = new[s0:s0 + step]
        out = [0] * len(at)
        for i, grp, r1, r2 in zip(range(len(at)), groups[at].tolist(),
                                  (vas[at] >> 21).tolist(),
                                  (vas[at] >> 30).tolist()):
            if grp in held:
                continue
            if l1 != r1:
                out[i] = 3 if l2 != r2 else 2
                l1, l2 = r1, r2
            else:
                out[i] = 1
            held.discard(ring[k])
            ring[k] = grp
            held.add(grp)
            k += 1
            if k == slots:
                k = 0
        levels[at] = out
    return levels


def replay(group, t_rd, t_wr, va_rd, va_wr):
    """The hits and walks of both directions' lookups (when: t_rd, t_wr;
    where: va_rd, va_wr) replayed through one TLB in time order, reads
    first within a cycle: cycles._TlbInTime.replay, as two byte strings."""
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
    vas[pos_r] = va_rd
    vas[pos_w] = va_wr
    levels = _tlb_levels(group, vas)
    return levels[pos_r].tobytes(), levels[pos_w].tobytes()


class _Layout:
    """What the passes share: the requests (chunks, beats) in the
    walkers' order and the addresses of every lookup, reads and writes,
    in the model's order, with where each tile's start."""

    def __init__(self, job):
        self.job = job
        m, n, rows, cols = job["m"], job["n"], job["rows"], job["cols"]
        db, beta, bases = job["db"], job["beta"], job["bases"]
        rs, ra, rb, c = job["rs"], job["ra"], job["rb"], job["c"]
        self.chunk = chunk = min(_c.PAGE, _c.RD_FIFO_BEATS // 4 * db)
        credits = _c.RD_FIFO_BEATS
        requests = {}

        def describe(va, length, keep=True):
            # (va, chunks (address, beats, beats / beta, the credits left
            # / beta), beats in, beats out, the realigner's extra cycle)
            d = requests.get((va, length))
            if d is None:
                chunks = []
                in_beats = 0
                pos, end = va, va + length
                while pos < end:
                    cend = min(end, (pos // chunk + 1) * chunk)
                    beats = (cend - 1) // db - pos // db + 1
                    chunks.append((pos, beats, beats / beta,
                                   (credits - beats) / beta))
                    in_beats += beats
                    pos = cend
                d = (va, tuple(chunks), in_beats, _c._ceil(length, db),
                     _c.K_REQ if va % db else 0)
                if keep:
                    requests[va, length] = d
            return d

        self.panels, self.tiles = _c._ceil(m, rows), _c._ceil(n, cols)
        self.panel_reqs = []
        for p in range(self.panels):
            reqs = []
            for r in range(p * rows, min(m, (p + 1) * rows)):
                if rs:
                    reqs.append(describe(bases["sa"] + r * rs, rs, False))
                reqs.append(describe(bases["a"] + r * ra, ra, False))
            self.panel_reqs.append(reqs)
        self.b_reqs = []        # each tile's B (and SB) requests
        for t in range(self.tiles):
            reqs = []
            for j in range(t * cols, min(n, (t + 1) * cols)):
                if rs:
                    reqs.append(describe(bases["sb"] + j * rs, rs))
                reqs.append(describe(bases["b"] + j * rb, rb))
            self.b_reqs.append(reqs)
        self.describe = describe

        def positions(reqs):
            return [ch[0] for d in reqs for ch in d[1]]

        def shapes(reqs):
            # What a chunk's events depend on besides its hit or walk:
            # where it starts in a bus word, its beats, whether it starts
            # its request (whose length is that of its place in the tile).
            return [ch[0] % db + db * (2 * ch[1] + (i == 0))
                    for d in reqs for i, ch in enumerate(d[1])]

        b_pos = [positions(r) for r in self.b_reqs]
        b_shape = [shapes(r) for r in self.b_reqs]
        # Model order: panel 0's loads, then each tile's loads (and after
        # a panel's first tile the next panel's), then its writes; a panel
        # at a time (the tiles' B the same in each), the C of each tile
        # where there is one.
        b_count = np.array([len(x) for x in b_pos], dtype=np.int64)
        b_va = np.array([x for xs in b_pos for x in xs], dtype=np.int64)
        b_sh = np.array([x for xs in b_shape for x in xs], dtype=np.int64)
        first = len(b_pos[0])
        osize, d_base = job["osize"], bases["d"]
        va_rd = [np.array(positions(self.panel_reqs[0]), dtype=np.int64)]
        shape_rd = [np.array(shapes(self.panel_reqs[0]), dtype=np.int64)]
        va_wr, rd_after = [], []
        done = len(va_rd[0])
        tiles = np.arange(self.tiles, dtype=np.int64)
        for p in range(self.panels):
            r0, r1 = p * rows, min(m, (p + 1) * rows)
            nxt = self.panel_reqs[p + 1] if p + 1 < self.panels else []
            if c:
                vas, shs, after = [], [], []
                for t in range(self.tiles):
                    vas.extend(b_pos[t])
                    shs.extend(b_shape[t])
                    reqs = self.c_reqs(p, t)
                    vas.extend(positions(reqs))
                    shs.extend(shapes(reqs))
                    if t == 0:
                        vas.extend(positions(nxt))
                        shs.extend(shapes(nxt))
                    after.append(done + len(vas))
                va_rd.append(np.array(vas, dtype=np.int64))
                shape_rd.append(np.array(shs, dtype=np.int64))
                rd_after.append(np.array(after, dtype=np.int64))
            else:
                a_va = np.array(positions(nxt), dtype=np.int64)
                va_rd += [b_va[:first], a_va, b_va[first:]]
                shape_rd += [b_sh[:first],
                             np.array(shapes(nxt), dtype=np.int64),
                             b_sh[first:]]
                after = np.cumsum(b_count) + done
                after += len(a_va)
                rd_after.append(after)
            done = int(rd_after[-1][-1])
            va_wr.append((d_base + (np.arange(r0, r1, dtype=np.int64)[None, :]
                                    * n + tiles[:, None] * cols) * osize
                          ).ravel())
        self.va_rd = np.concatenate(va_rd)
        self.va_wr = np.concatenate(va_wr)
        self.rd_after = np.concatenate(rd_after)
        self.rd_before = np.concatenate([[len(positions(self.panel_reqs[0]))],
                                         self.rd_after[:-1]])
        vrs = np.array([min(m, (p + 1) * rows) - p * rows
                        for p in range(self.panels)], dtype=np.int64)
        self.mod_rd = np.concatenate(shape_rd)
        self.mod_wr = self.va_wr % db
        self.max_beats = max(ra, rb, rs, cols * 4) // db + 2
        self.wr_before = np.concatenate(
            [[0], np.cumsum(np.repeat(vrs, self.tiles))[:-1]])

    def c_reqs(self, p, t):
        """The segments of C that tile t of panel p reads."""
        job = self.job
        m, n, rows, cols = job["m"], job["n"], job["rows"], job["cols"]
        vc = min(n, (t + 1) * cols) - t * cols
        base = job["bases"]["c"]
        return [self.describe(base + (r * n + t * cols) * 4, vc * 4, False)
                for r in range(p * rows, min(m, (p + 1) * rows))]

    def model_order(self):
        """The hits and walks of the first pass: the lookups through the
        TLB in the model's order (each tile's loads before its writes)."""
        nr, nw = len(self.va_rd), len(self.va_wr)
        tile_of_rd = np.searchsorted(self.rd_after, np.arange(nr),
                                     side="right")
        wr_before = np.concatenate([self.wr_before, [nw]])
        pos_r = np.arange(nr) + wr_before[tile_of_rd]
        vr = np.diff(np.concatenate([self.wr_before, [nw]]))
        pos_w = np.arange(nw) + np.repeat(self.rd_after, vr)
        vas = np.empty(nr + nw, dtype=np.int64)
        vas[pos_r] = self.va_rd
        vas[pos_w] = self.va_wr
        levels = _tlb_levels(max(1, self.job["db"] // 8), vas)
        return levels[pos_r].tobytes(), levels[pos_w].tobytes()

    def tile_ids(self, plan):
        """A number for each tile from what its events depend on besides
        the state: its lookups' hits and walks, where its reads fall in a
        chunk and its writes in a bus word. Equal tiles, equal numbers; the
        jump checks the events themselves."""
        lv_r = np.frombuffer(plan[0], dtype=np.uint8).astype(np.int64)
        lv_w = np.frombuffer(plan[1], dtype=np.uint8).astype(np.int64)
        key_r = self.mod_rd * 4 + lv_r
        key_w = (self.va_wr % self.job["db"]) * 4 + lv_w
        b0 = int(self.rd_before[0]) if len(self.rd_before) else 0
        h = np.zeros(len(self.rd_after), dtype=np.int64)
        for key, before, count in (
                (key_r[b0:], self.rd_before - b0, self.rd_after - self.rd_before),
                (key_w, self.wr_before,
                 np.diff(np.concatenate([self.wr_before, [len(key_w)]])))):
            offset = np.arange(len(key)) - np.repeat(before, count)
            x = key * (offset * 2654435761 + 97)
            part = np.add.reduceat(x, before) + count * 40503
            h = h * 1000003 + part
        return h


MAX_CHAIN = 64
SETTLE = 48
PERIODS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384,
           512)
EXACT = float(1 << 36)      # times below this stay exact (see _jump)
GRID = 128.0                # and multiples of 1 / GRID cycles


def _key(R, issued, st, lists, scalars):
    """The state relative to the time R (and the read credits relative to
    the beats issued): equal keys, equal futures for equal inputs."""
    out = [st["mmu"] - R, st["data"] - R, st["cons"] - R]
    out.extend(x - R for x in scalars)
    for seq in lists:
        out.append(len(seq))
        out.extend(x - R for x in seq)
    cum_beats, cum_time, cbi = st["cum"], st["cum_time"], st["cb"][0]
    i = max(cbi - 1, 0)
    out.append(len(cum_beats) - i)
    out.extend(b - issued for b in cum_beats[i:])
    out.extend(x - R for x in cum_time[i:])
    return tuple(out)


def run(job, lay, plan, want_replay=True):
    """One pass of the recurrence (cycles.predict's reference _run) with
    the hits and walks of plan (two byte strings, reads and writes, one
    a lookup): the result dict and the hits and walks of its time-order
    replay (None unless want_replay).

    Within a panel, where the tiles' inputs (hits and walks, where reads
    fall in a chunk and writes in a bus word) repeat with a period of P
    tiles and the state relative to the time repeats after P tiles, the
    next periods repeat it shifted by the same time: the pass jumps over
    them (_jump says when that is exact)."""
    m, n, rows, cols = job["m"], job["n"], job["rows"], job["cols"]
    db, beta, lat = job["db"], job["beta"], job["latency"]
    osize, c = job["osize"], job["c"]
    beats_tile = job["beats"]
    CREDITS = _c.RD_FIFO_BEATS
    CHUNK_DEPTH, BURST_DEPTH = _c.CHUNK_DEPTH, _c.BURST_DEPTH
    lat_walk = lat + _c.K_WALK
    group = max(1, db // 8)
    start = float(_c.K_START)
    plan_rd, plan_wr = plan
    panels, tiles = lay.panels, lay.tiles

    t_rd, t_wr = array("d"), array("d")         # when each lookup happened

    # The read path's state (cycles._Reads), as locals of load().
    st = {"mmu": 0.0, "data": 0.0, "cons": 0.0, "issued": 0, "chunks": 0,
          "bytes": 0, "walk_levels": 0, "i_rd": 0, "frac": False}
    req_end = collections.deque(maxlen=_c.RD_REQ_DEPTH)
    burst_end = collections.deque(maxlen=_c.BURST_DEPTH)
    issued_at = collections.deque(maxlen=_c.CHUNK_DEPTH)
    cum_beats, cum_time = [0], [0.0]    # consumption curve from cb[0] on
    cb = [0]
    st["cum"], st["cum_time"], st["cb"] = cum_beats, cum_time, cb
    rd_start, rd_end, rd_i = [], [], [0]    # the reads' walks
    wr_start, wr_end, wr_i = [], [], [0]    # the writes' walks

    def load(reqs, gate):
        """The requests of reqs whose banks are free at gate, in order:
        cycles._Reads.request for each. Returns the last one's end."""
        mmu, data, cons = st["mmu"], st["data"], st["cons"]
        issued, i_rd = st["issued"], st["i_rd"]
        walk_levels = st["walk_levels"]
        frac = False
        nchunks = 0
        nbytes = 0
        cbi = cb[0]
        wi = wr_i[0]
        nwk = len(wr_end)
        c1 = 0.0
        for va, chunks, in_beats, out_beats, extra in reqs:
            accept = start
            if len(req_end) == _c.RD_REQ_DEPTH:
                x = req_end[0]
                if x > accept:
                    accept = x
            first_data = None
            for pos, beats, beats_t, rest_t in chunks:
                lv = plan_rd[i_rd]
                i_rd += 1
                walk_levels += lv
                cost = lv * lat_walk if lv else 1
                # max() spelled out, here and below: the same value
                q = mmu if mmu >= accept else accept
                if len(issued_at) == CHUNK_DEPTH:
                    x = issued_at[0] + 1
                    if x > q:
                        q = x
                # Held up by the writes' walks (cycles._Walks.after).
                while wi < nwk and wr_end[wi] <= q:
                    wi += 1
                j = wi
                while j < nwk and wr_start[j] <= q < wr_end[j]:
                    q = wr_end[j]
                    j += 1
                t_rd.append(q)
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
                        if credit > t:
                            x = credit * GRID
                            if x != int(x):
                                frac = True
                issue = t if t >= credit else credit
                if len(burst_end) == BURST_DEPTH:
                    x = burst_end[0]
                    if x > issue:
                        issue = x
                d0 = issue + lat
                if data > d0:
                    d0 = data
                data = d0 + beats_t
                burst_end.append(data)
                issued_at.append(issue)
                if first_data is None:
                    first_data = d0
                issued += beats
            nbytes += in_beats * db
            c0 = cons if cons >= gate else gate
            x = first_data + 1
            if x > c0:
                c0 = x
            c1 = c0 + out_beats + extra
            x = data + 1
            if x > c1:
                c1 = x
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
        st["frac"] = st["frac"] or frac
        return c1

    # Jumps: only where a burst's beats take whole cycles (no bandwidth
    # limit, or one of a power of two bytes a cycle) and a read credit's
    # fraction of a cycle, a multiple of 1 / a request's beats, is either
    # on the grid or far enough from it (_jump).
    jumps = ((1 / beta).is_integer() and tiles >= 16
             and lay.max_beats * GRID < 1 << 16)
    if jumps:
        ids = lay.tile_ids(plan)
        lv_rd = np.frombuffer(plan_rd, dtype=np.uint8)
        lv_wr = np.frombuffer(plan_wr, dtype=np.uint8)
        mod_rd, mod_wr = lay.mod_rd, lay.mod_wr

    panel_ready = {0: load(lay.panel_reqs[0], 0.0)}
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
    frac_g = -1                 # the last tile a time off the grid won in
    d_base = lay.job["bases"]["d"]
    K_PIPE, K_WREQ, K_BRESP = _c.K_PIPE, _c.K_WREQ, _c.K_BRESP
    wcosts = {}
    row_step = n * osize
    for p in range(panels):
        r0, r1 = p * rows, min(m, (p + 1) * rows)
        vr = r1 - r0
        P = 0
        if jumps:
            # The period of the panel's tiles 1 to tiles - 2 that promises
            # the most tiles to jump: in each run of tiles equal to those P
            # before them, those after the state has settled (SETTLE tiles
            # and a period) and two periods to find it repeating.
            pid = ids[g:g + tiles - 1]
            best = 0
            for period in PERIODS:
                if 3 * period >= tiles:
                    break
                eq = np.concatenate(
                    [[False], pid[period + 1:] == pid[1:-period], [False]])
                edges = np.flatnonzero(eq[1:] != eq[:-1])
                lengths = edges[1::2] - edges[::2]
                gain = int(np.maximum(lengths - 3 * period - SETTLE, 0).sum())
                if gain > best:
                    P, best = period, gain
        if P:
            same = np.zeros(tiles + 1, dtype=np.int64)
            same[P + 1:tiles - 1] = pid[P + 1:] == pid[1:-P]
            # runs[x]: consecutive tiles from x on equal to those P before
            idx = np.arange(tiles + 1)
            stop = np.where(same == 0, idx, tiles + 1)
            stop = np.minimum.accumulate(stop[::-1])[::-1]
            runs = stop - idx
            runs_l = runs.tolist()
        chain = None        # states every P tiles: key -> (tile, snapshot)
        chain_t = 0
        t = 0
        while t < tiles:
            if P and t >= 2 and g >= 2 and (not chain or t == chain_t):
                # Worth a try (two periods ahead repeat this one) and the
                # constants the recurrence compares with behind: the
                # panel's A in, the first request's start, no read credits
                # wanted yet.
                steady = (t + P < tiles and runs_l[t + P] >= 2 * P
                          and panel_ready[p] + _c.K_FULL <= last
                          and len(req_end) == _c.RD_REQ_DEPTH
                          and req_end[0] >= start
                          and st["issued"] >= CREDITS)

                if (chain and t == chain_t) or (not chain and steady):
                    key = _key(last, st["issued"], st,
                               (req_end, burst_end, issued_at,
                                rd_start[rd_i[0]:], rd_end[rd_i[0]:],
                                wr_start[wr_i[0]:], wr_end[wr_i[0]:],
                                write_done, wr_resp, wr_issued),
                               (wr_mmu, wr_data, last_req, end2))
                    snap = (g, last, st["i_rd"], i_wr, len(t_rd), len(t_wr),
                            st["chunks"], st["bytes"], st["walk_levels"],
                            wr_levels, wr_bytes, queued, st["issued"])
                k = 0
                if chain and t == chain_t:
                    # The state may repeat after a multiple of P tiles.
                    old = chain.get(key)
                    if old is not None and frac_g < old[1][0]:
                        Pk = t - old[0]
                        k = _jump(old[1], snap, key, Pk, t, tiles, runs,
                                  lv_rd, mod_rd, lv_wr, mod_wr)
                    if k:
                        s0 = old[1]
                        delta = snap[1] - s0[1]
                        D = k * delta
                        dI = k * (snap[12] - s0[12])
                        for log, a, b in ((t_rd, s0[4], snap[4]),
                                          (t_wr, s0[5], snap[5])):
                            seg = np.frombuffer(log[a:b], dtype=np.float64)
                            log.frombytes((seg[None, :] + delta * np.arange(
                                1, k + 1, dtype=np.float64)[:, None]).tobytes())
                        st["mmu"] += D
                        st["data"] += D
                        st["cons"] += D
                        st["issued"] += dI
                        st["i_rd"] += k * (snap[2] - s0[2])
                        st["chunks"] += k * (snap[6] - s0[6])
                        st["bytes"] += k * (snap[7] - s0[7])
                        st["walk_levels"] += k * (snap[8] - s0[8])
                        i_wr += k * (snap[3] - s0[3])
                        wr_levels += k * (snap[9] - s0[9])
                        wr_bytes += k * (snap[10] - s0[10])
                        queued += k * (snap[11] - s0[11])
                        for dq in (req_end, burst_end, issued_at, write_done,
                                   wr_resp, wr_issued):
                            vals = [x + D for x in dq]
                            dq.clear()
                            dq.extend(vals)
                        i = max(cb[0] - 1, 0)
                        tail_b = [b + dI for b in cum_beats[i:]]
                        tail_t = [x + D for x in cum_time[i:]]
                        cum_beats[:] = tail_b
                        cum_time[:] = tail_t
                        cb[0] -= i
                        for starts, ends, ptr in ((rd_start, rd_end, rd_i),
                                                  (wr_start, wr_end, wr_i)):
                            starts[:] = [x + D for x in starts[ptr[0]:]]
                            ends[:] = [x + D for x in ends[ptr[0]:]]
                            ptr[0] = 0
                        wr_mmu += D
                        wr_data += D
                        last_req += D
                        end2 += D
                        end1 += D
                        last += D
                        g += k * Pk
                        t += k * Pk
                        chain = None
                        continue
                    if steady and len(chain) < MAX_CHAIN:
                        chain[key] = (t, snap)
                        chain_t = t + P
                    else:
                        chain = None
                elif not chain and steady:
                    chain = {key: (t, snap)}
                    chain_t = t + P
            gate_b = end2 + _c.K_FREE if g >= 2 else 0.0
            chunks0 = st["chunks"]
            reqs = lay.b_reqs[t]
            if c:
                reqs = reqs + lay.c_reqs(p, t)
            b_ready = load(reqs, gate_b)
            if t == 0 and p + 1 < panels:
                gate_a = panel_end[p - 1] + _c.K_FREE if p >= 1 else 0.0
                panel_ready[p + 1] = load(lay.panel_reqs[p + 1], gate_a)
            if st["frac"]:
                frac_g = g
                st["frac"] = False
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
                    x = ready * GRID
                    if x != int(x):
                        frac_g = g
                else:
                    ready = max(ready, last_req + 1 +
                                (nr + 1 if vr > nr else max(1, nr)))
            length = vc * osize
            # Held up by the reads' walks (cycles._Walks.after).
            ri = rd_i[0]
            nwk = len(rd_end)
            # A write's cycles on the write path by where it starts in a
            # bus word.
            wcost = wcosts.get(length)
            if wcost is None:
                wcost = wcosts[length] = [
                    max(((a + length - 1) // db - a // db + 1) / beta, K_WREQ)
                    for a in range(db)]
            addr = d_base + (r0 * n + t * cols) * osize
            for _ in range(vr):
                lv = plan_wr[i_wr]
                i_wr += 1
                wr_levels += lv
                cost = lv * lat_walk if lv else 1
                q = wr_mmu if wr_mmu >= ready else ready
                if len(wr_issued) == CHUNK_DEPTH:
                    x = wr_issued[0] + 1
                    if x > q:
                        q = x
                while ri < nwk and rd_end[ri] <= q:
                    ri += 1
                j = ri
                while j < nwk and rd_start[j] <= q < rd_end[j]:
                    q = rd_end[j]
                    j += 1
                t_wr.append(q)
                wr_mmu = q + cost
                if lv:
                    wr_start.append(q)
                    wr_end.append(wr_mmu)
                last_req = q
                w0 = wr_data if wr_data >= wr_mmu else wr_mmu
                if len(wr_resp) == BURST_DEPTH:
                    x = wr_resp[0]
                    if x > w0:
                        w0 = x
                wr_issued.append(w0)
                wr_data = w0 + wcost[addr % db]
                wr_resp.append(wr_data + lat + K_BRESP)
                addr += row_step
                ready += 1
            wr_bytes += vr * length
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
            t += 1
    cycles = int(round(wr_data + lat + _c.K_END))
    macs = m * n * job["k"]
    peak = rows * cols * job["rate"]
    out = {"cycles": cycles, "macs": macs,
           "utilization": macs / (cycles * peak),
           "bytes_read": st["bytes"] + (st["walk_levels"] + wr_levels) * db,
           "bytes_written": wr_bytes,
           "compute_cycles": panels * tiles * beats_tile, "jobs": 1,
           "write_bound": queued / (panels * tiles)}
    new_plan = (replay(group, t_rd, t_wr, lay.va_rd, lay.va_wr)
                if want_replay else None)
    return out, new_plan


def _jump(s0, s1, key, P, t, tiles, runs, lv_rd, mod_rd, lv_wr, mod_wr):
    """How many periods of P tiles the pass may jump from tile t, where the
    state (key, snapshot s1) is that of P tiles before (snapshot s0)
    shifted in time. The jump repeats the period's events shifted, and is
    exact when the reference would compute the same:

    - the inputs of the jumped tiles are those of the period before, which
      is checked here lookup by lookup (hit or walk, where a read chunk
      starts in a bus word and its beats, whether it starts a request,
      where a write starts in a bus word; with the places of the requests
      in a tile fixed within a panel, these give every chunk's beats);
    - the constants the recurrence compares with are behind (the caller:
      the panel's A in, the first request's start, read credits wanted);
    - every time in the state, and the shift, is a multiple of 1 / GRID
      cycles below EXACT (here), and no time off that grid won a
      comparison in the period (the caller): then every sum and max the
      reference computes over the jumped tiles is exact, and equals the
      period's shifted. A time off the grid that lost a comparison (a read
      credit between two points of the loader's curve, a multiple of 1 /
      d for a request of d < 2^16 / GRID beats; the writer's period, of
      1 / 12) is at least 2^-16 cycles from the grid, more than its
      rounding error below EXACT (2^-17), so it loses it again at the
      shifted time."""
    delta = s1[1] - s0[1]
    if delta <= 0 or not (delta * GRID).is_integer() or \
            not (s1[1] * GRID).is_integer():
        return 0
    if any(not (float(x) * GRID).is_integer() for x in key):
        return 0
    k = min(int(runs[t]) // P, (tiles - 1 - t) // P)
    if k < 1:
        return 0
    span = max(abs(x) for x in key)
    k = min(k, int((EXACT - s1[1] - span) // delta) - 1)
    if k < 1:
        return 0
    for lv, mod, a, b in ((lv_rd, mod_rd, s0[2], s1[2]),
                          (lv_wr, mod_wr, s0[3], s1[3])):
        n = b - a
        if n <= 0:
            return 0
        end = min(b + k * n, len(lv))
        diff = np.flatnonzero((lv[b:end] != lv[a:end - n])
                              | (mod[b:end] != mod[a:end - n]))
        got = (diff[0] if len(diff) else end - b) // n
        k = min(k, int(got))
        if k < 1:
            return 0
    return k


def passes(job):
    """cycles.predict's passes: the first with the TLB in the model's
    order, then with the hits and walks of the pass before replayed in
    time order, until they repeat or cycles.TLB_PASSES replays."""
    lay = _Layout(job)
    used = lay.model_order()
    out, plan = run(job, lay, used)
    if plan == used:
        # The second pass would take the same hits and walks: the same pass.
        return out
    for i in range(int(_c.TLB_PASSES)):
        # The last pass's replay would only say whether to stop.
        last = i == int(_c.TLB_PASSES) - 1
        again, plan2 = run(job, lay, plan, want_replay=not last)
        out = again
        if last or plan2 == plan:
            break
        plan = plan2
    return out
