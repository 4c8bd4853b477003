"""Progress of long work (fgr build, fgr load, fgr link suggest/evaluate, building the store): one line
on standard error, rewritten in place, only when standard error is a terminal; piped or in CI, nothing."""
from __future__ import annotations

import os
import sys
import time


def on_terminal(stream) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Progress:
    """``label: n/total`` on ``stream`` (default stderr) if it is a terminal; ``update()`` per item."""

    def __init__(self, label: str, total: int, stream=None, every: float = 0.1):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.live = total > 1 and on_terminal(self.stream)
        self.every, self._shown, self._width = every, 0.0, 0

    def update(self, n: int = 1, what: str = "") -> None:
        self.done += n
        if self.live and (self.done >= self.total or time.monotonic() - self._shown >= self.every):
            line = f"{self.label}: {self.done}/{self.total}" + (f" {what}" if what else "")
            line = line[: max(20, _columns() - 1)]
            self.stream.write("\r" + line.ljust(self._width))
            self.stream.flush()
            self._width, self._shown = len(line), time.monotonic()

    def close(self) -> None:
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")  # leave the terminal line clean
            self.stream.flush()
            self._width = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def track(items, label: str, stream=None):
    """Yield ``items`` and show how many are done."""
    items = items if hasattr(items, "__len__") else list(items)
    with Progress(label, len(items), stream) as bar:
        for item in items:
            yield item
            bar.update()


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns
