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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is dead, only not yet collected
        return fh.read().rsplit(")", 1)[1].split()[0] != "Z"


def _server_pid(helper: int) -> int:
    """The helper's one child: the virtuoso-t process (read from /proc: no psutil needed)."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
            if ppid == helper:
                children.append(int(entry))
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
