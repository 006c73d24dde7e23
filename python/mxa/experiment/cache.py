"""One file per finished point, named by the hash of its parameters.

A file is written to a temporary name and renamed into place, so a point
is either cached whole or not at all, whichever process (a local worker, a
Slurm task) wrote it and however it was stopped.
"""
from __future__ import annotations

import json
import math
import os
import tempfile


class Cache:
    def __init__(self, directory: str):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)

    def path(self, key: str) -> str:
        return os.path.join(self.dir, key + ".json")

    def has(self, key: str) -> bool:
        return os.path.exists(self.path(key))

    def get(self, key: str):
        try:
            with open(self.path(key)) as f:
                return json.load(f, parse_constant=_constant)
        except FileNotFoundError:
            return None

    def put(self, key: str, row: dict) -> None:
        write_atomic(self.path(key), json.dumps(_jsonable(row), sort_keys=True))

    def count(self, keys) -> int:
        return sum(1 for k in keys if self.has(k))

    def remove_stale_temporaries(self) -> None:
        """Temporary files of writers that were killed (never complete points)."""
        for name in os.listdir(self.dir):
            if name.startswith(".tmp-"):
                try:
                    os.unlink(os.path.join(self.dir, name))
                except FileNotFoundError:
                    pass


def _constant(name):
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[name]


def _jsonable(row: dict) -> dict:
    out = {}
    for k, v in row.items():
        if hasattr(v, "item"):  # numpy scalars
            v = v.item()
        out[k] = v
    return out


def write_atomic(path: str, text, mode: str = "w") -> None:
    """Writes path by a rename: readers see the old file or the new one."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    try:
        with os.fdopen(fd, mode) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
