"""Running an experiment's points: in this process, in N worker processes,
or as a Slurm job array; finished points are cached, so a run that was
interrupted (Ctrl-C, a lost node) resumes where it stopped."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys

from . import evaluate, report
from .cache import Cache
from .progress import Progress


class Interrupted(Exception):
    pass


class RunError(Exception):
    pass


def _label(p) -> str:
    nm, hw = p.numerics, p.hardware
    return (f"{p.shape.workload}/{p.shape.layer} {nm.a_format}:{nm.b_format} "
            f"{nm.scale} {nm.acc} {hw.rows}x{hw.cols}")


def prepare(points, stream) -> None:
    """Builds each simulated hardware configuration once, before any worker
    needs it, so that workers only open the cached model."""
    seen = set()
    errors = evaluate._point_errors()
    for p in points:
        if p.simulate and p.hardware not in seen:
            seen.add(p.hardware)
            try:
                what = evaluate.sim_spec(p.hardware)
            except errors as e:  # its points record the error
                what = f"cannot be built: {e}"
            stream.write(f"hardware {p.hardware.label}: {what}\n")
            stream.flush()
    for p in points:
        if p.area and ("area", p.hardware) not in seen:
            seen.add(("area", p.hardware))
            try:
                evaluate.area(p.hardware)
            except errors as e:
                stream.write(f"hardware {p.hardware.label}: no area: {e}\n")


def compute_point(p, cache: Cache) -> str:
    row = evaluate.evaluate(p)
    cache.put(p.key, row)
    return row.get("status", "ok")


_worker_cache = None


def _init_worker(cache_dir):
    # The parent alone handles Ctrl-C: it stops the pool in one place.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # pool.terminate() ends workers
    global _worker_cache
    _worker_cache = Cache(cache_dir)


def _work(p):
    return p.key, compute_point(p, _worker_cache)


def run_local(pending, cache: Cache, jobs: int, progress: Progress, done: int) -> None:
    if jobs <= 1:
        try:
            for p in pending:
                compute_point(p, cache)
                done += 1
                progress.update(done, _label(p))
        except KeyboardInterrupt:
            raise Interrupted() from None
        finally:
            evaluate.close_devices()
        return
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(cache.dir,))
    labels = {p.key: _label(p) for p in pending}
    try:
        for key, _status in pool.imap_unordered(_work, pending):
            done += 1
            progress.update(done, labels[key])
        pool.close()
    except KeyboardInterrupt:
        pool.terminate()
        pool.join()
        # A worker stopped while writing leaves its temporary file: the
        # workers are gone, so every temporary is one of theirs.
        cache.remove_stale_temporaries()
        raise Interrupted() from None
    finally:
        pool.terminate()
        pool.join()


def run(exp, out: str, jobs: int = 1, slurm: bool = False, stream=None) -> dict:
    """Runs what is not cached yet and writes the report; returns counts."""
    stream = stream or sys.stdout
    os.makedirs(out, exist_ok=True)
    cache = Cache(os.path.join(out, "cache"))
    cache.remove_stale_temporaries()
    points, seen = [], set()
    for p in exp.points:
        if p.key not in seen:
            seen.add(p.key)
            points.append(p)
    pending = [p for p in points if not cache.has(p.key)]
    cached = len(points) - len(pending)
    stream.write(f"{exp.name}: {len(points)} points, {cached} cached, "
                 f"{len(pending)} to compute"
                 f"{f', {len(exp.excluded)} combinations excluded' if exp.excluded else ''}\n")
    stream.flush()
    # SIGTERM (a batch system stopping us) ends the run like Ctrl-C.
    old = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if pending:
            prepare(pending, stream)
            progress = Progress(len(points), cached, stream)
            if slurm:
                from . import slurm as slurm_mod
                slurm_mod.run(pending, points, cache, out, jobs, progress)
            else:
                run_local(pending, cache, jobs, progress, cached)
            progress.finish()
    except KeyboardInterrupt:
        raise Interrupted() from None
    finally:
        signal.signal(signal.SIGTERM, old)
    rows = [cache.get(p.key) for p in points]
    missing = [p for p, r in zip(points, rows) if r is None]
    if missing:
        raise RunError(f"{len(missing)} points have no result (first: {_label(missing[0])})")
    files = report.write(out, exp, rows)
    errors = sum(1 for r in rows if r.get("status") != "ok")
    return {"points": len(points), "cached": cached, "computed": len(pending),
            "errors": errors, "files": files}


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt()
