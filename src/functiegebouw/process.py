"""Worker and child processes that end with the process that started them.

A worker of `fgr build` or `fgr validate`, or the server behind `fgr serve`, must not outlive
its parent: killed with SIGKILL, the parent cannot clean up, so the kernel is asked to end the
children (Linux ``PR_SET_PDEATHSIG``; elsewhere the pools notice the closed pipes themselves).
"""
from __future__ import annotations

import os
import signal

from functiegebouw.errors import FgrError


def worker_count(jobs: int | None) -> int:
    """``jobs`` (``--jobs``), refused below 1; by default one per core this process may run on."""
    if jobs is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs < 1:
        raise FgrError(None, None, f"--jobs must be at least 1, not {jobs}")
    return jobs


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """In a child: receive ``sig`` when the parent process dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, sig)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def worker_init() -> None:
    """Initializer of pool workers: die with the parent; leave Ctrl-C and SIGTERM to it (the
    parent cancels the pool and cleans up), but let a plain ``kill`` end a worker."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
