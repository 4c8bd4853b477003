"""The Virtuoso helper that .ci/run starts for the whole suite (`python tests/support.py virtuoso
DIR`) stops promptly on SIGTERM, and its server with it: once it did not (its signal handler
waited on the server inside an interrupted wait, a deadlock), and CI waited until its time ran out."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from support import ROOT, VirtuosoServer


def _stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, parent, …), or None when the
    process is gone (read from /proc: no psutil needed)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"  # a zombie is dead, only not yet collected


def _server_pid(helper: int) -> int:
    """The helper's one child: the virtuoso-t process."""
    children = [int(entry) for entry in os.listdir("/proc")
                if entry.isdigit() and (fields := _stat(entry)) is not None and fields[1] == str(helper)]
    (child,) = children
    return child


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_the_ci_virtuoso_helper_stops_with_its_server(tmp_path, how):
    if not VirtuosoServer.installed():
        pytest.skip("virtuoso-t is not installed (.ci/run installs Debian's virtuoso-opensource-7-bin)")
    if not os.path.exists("/proc/self/stat"):
        pytest.skip("needs Linux /proc to find the server process")
    helper = subprocess.Popen([sys.executable, str(ROOT / "tests" / "support.py"), "virtuoso", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "url").exists() and time.monotonic() < deadline:
            assert helper.poll() is None, "the helper ended before its server answered"
            time.sleep(0.2)
        assert (tmp_path / "url").read_text().startswith("http://127.0.0.1:")
        server = _server_pid(helper.pid)
        assert _alive(server)
        helper.send_signal(getattr(signal, how))
        helper.wait(timeout=60)  # the deadlock waited for ever here
        deadline = time.monotonic() + 30
        while _alive(server) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(server), f"virtuoso-t outlived its helper ({how})"
    finally:
        if helper.poll() is None:
            helper.kill()
            helper.wait()
        if server is not None and _alive(server):  # what a failing run would leave behind
            os.kill(server, signal.SIGKILL)
