"""Progress of a run: one rewritten line on a terminal, plain lines otherwise."""
from __future__ import annotations

import sys
import time


def _fmt_time(s: float) -> str:
    s = int(round(s))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"


class Progress:
    def __init__(self, total: int, done: int = 0, stream=None):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.total, self.start_done, self.done = total, done, done
        self.t0 = time.monotonic()

    def eta(self) -> str:
        new = self.done - self.start_done
        if new <= 0:
            return "?"
        rate = (time.monotonic() - self.t0) / new
        return _fmt_time(rate * (self.total - self.done))

    def update(self, done: int, what: str = "") -> None:
        self.done = done
        pct = 100.0 * done / self.total if self.total else 100.0
        line = f"[{done}/{self.total}] {pct:3.0f}% ETA {self.eta()}"
        if self.tty:
            self.stream.write("\r\033[K" + line + (f"  {what}" if what else ""))
        else:
            self.stream.write(line + (f"  {what}" if what else "") + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
