"""Design-space experiments: workloads x numerics x hardware configurations.

    python -m mxa.experiment run EXP.toml [-j N] [--slurm] [--out DIR]

spec reads the experiment file, evaluate computes one point, runner runs
them (cached, resumable, in parallel or on Slurm), report writes the CSV,
JSON, figures and HTML report.
"""
from .spec import Experiment, Point, SpecError, load  # noqa: F401
from .runner import Interrupted, RunError, run  # noqa: F401
