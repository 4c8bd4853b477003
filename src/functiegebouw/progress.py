"""Progress of long work (fgr build, fgr load, fgr link suggest/evaluate, building the store): one line
on standard error, rewritten in place, only when standard error is a terminal; piped or in CI, nothing."""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sized
from typing import TextIO, TypeVar

T = TypeVar("T")


def on_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Progress:
    """``label: n/total`` on ``stream`` (default stderr) if it is a terminal; ``update()`` per item."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, every: float = 0.1) -> None:
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

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def track(items: Iterable[T], label: str, stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items`` and show how many are done."""
    listed = items if isinstance(items, Sized) else list(items)
    with Progress(label, len(listed), stream) as bar:
        for item in listed:
            yield item
            bar.update()


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns
