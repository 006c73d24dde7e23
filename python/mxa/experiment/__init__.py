"""Design-space experiments: workloads x numerics x hardware configurations.

    python -m mxa.experiment run EXP.toml [-j N] [--slurm] [--out DIR]

spec reads the experiment file, evaluate computes one point, runner runs
them (cached, resumable, in parallel or on Slurm), report writes the CSV,
JSON, figures and HTML report.
"""
from .spec import Experiment, Point, SpecError, load
from .runner import Interrupted, RunError, run

__all__ = ["Experiment", "Point", "SpecError", "load", "Interrupted", "RunError", "run"]
