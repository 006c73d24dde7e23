"""Command line of the experiment runner (also `mxa experiment ...`)."""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys

from . import spec

PROG = os.environ.get("MXA_EXPERIMENT_PROG", "python -m mxa.experiment")


def _fail(msg: str, code: int = 1) -> int:
    print(f"mxa: experiment: {msg}", file=sys.stderr)
    return code


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog=PROG, description="Runs a design-space experiment: every point of "
        "workloads x formats x scaling x accumulation x hardware configuration, "
        "with its accuracy, cycles and silicon.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run an experiment file and write its report")
    r.add_argument("experiment", help="experiment file (TOML)")
    r.add_argument("-j", "--jobs", type=int, default=1,
                   help="worker processes (with --slurm: array tasks)")
    r.add_argument("--slurm", action="store_true",
                   help="run the points as a Slurm job array")
    r.add_argument("--out", help="output folder (default: experiments/NAME)")
    r.add_argument("--no-area", action="store_true",
                   help="no synthesis: leave the silicon columns empty (the "
                   "file's area = false)")
    c = sub.add_parser("check", help="check an experiment file and count its points")
    c.add_argument("experiment")
    w = sub.add_parser("worker", help=argparse.SUPPRESS)
    w.add_argument("plan")
    w.add_argument("--task", type=int, default=int(os.environ.get("SLURM_ARRAY_TASK_ID", 0)))
    w.add_argument("--tasks", type=int,
                   default=int(os.environ.get("SLURM_ARRAY_TASK_COUNT", 1)))
    p = sub.add_parser("publish", help="copy runs' figures and tables into the docs")
    p.add_argument("--doc", required=True, help="markdown file with generated sections")
    p.add_argument("--figures", required=True, help="folder for the figures")
    p.add_argument("runs", nargs="+", help="output folders of finished runs")
    args = ap.parse_args(argv)

    if args.cmd == "worker":
        from . import slurm
        return slurm.worker(args.plan, args.task, args.tasks)
    if args.cmd == "publish":
        from . import publish
        try:
            publish.publish(args.runs, args.doc, args.figures)
        except (OSError, ValueError) as e:
            return _fail(str(e))
        return 0
    try:
        exp = spec.load(args.experiment)
    except spec.SpecError as e:
        return _fail(str(e))
    if args.cmd == "check":
        print(f"{exp.name}: {len(exp.points)} points, {len(exp.excluded)} combinations excluded")
        return 0
    if args.no_area:
        exp.area = False
        exp.points = [dataclasses.replace(p, area=False) for p in exp.points]
    if args.jobs < 1:
        return _fail("-j: must be at least 1", 2)
    from . import runner
    out = args.out or os.path.join("experiments", exp.name)
    try:
        res = runner.run(exp, out, jobs=args.jobs, slurm=args.slurm)
    except runner.Interrupted:
        print(f"\ninterrupted: finished points are kept in {os.path.join(out, 'cache')}; "
              "rerun to resume", file=sys.stderr)
        return 130
    except runner.RunError as e:
        return _fail(str(e))
    print(f"{res['points']} points ({res['cached']} cached, {res['computed']} computed, "
          f"{res['errors']} failed): {os.path.join(out, 'report.html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
